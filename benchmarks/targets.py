"""The targets `make bench` asserts (issue 17) and the check of one run against them."""

import statistics
from typing import NamedTuple

from known_gaps import GAPS, gap_for
from names import TRIVIAL

MAX_QUERIES = 15
MAX_VS_TRIVIAL = 2.0
MAX_GROWTH = 1.5
MAX_AUDIT_OVERHEAD = 0.10
MAX_JOB_STEADY_SECONDS = 5.0
# An import writes in batches: its queries a small share of its rows, whatever their number.
MAX_IMPORT_QUERIES_PER_ROW = 1 / 50
IMPORT_QUERIES_ALLOWED = 10  # reading what is held, and a batch's own few


class Check(NamedTuple):
    """One target judged on one page (or job, or import): what was measured, as text and,
    where a known gap may set a ceiling on it, as the number judged ("vs trivial": the ratio;
    "audit overhead": the share, 0.1 for 10%)."""

    page: str
    target: str
    measured: str
    met: bool
    value: float | None = None


def trivial_beside(row, standalone):
    """The trivial page's median taken beside this page's, request for request (results from
    2026-12-07 on: "trivial_median_ms"); in older results, the run's one standalone trivial
    median, taken minutes apart."""
    return row.get("trivial_median_ms") or standalone


def vs_trivial(row, standalone):
    return row["median_ms"] / trivial_beside(row, standalone)


def growth(one, big):
    """(the growth the target judges, the raw growth) from 1x to 4x. Raw is the median at 4x
    over the median at 1x: two measurements taken minutes apart in two processes, so any
    change in the machine's load between them counts as growth. When both sizes measured the
    trivial page beside the page, the target judges each size's median over the trivial median
    taken with it (x trivial at 4x over x trivial at 1x): the load a size was measured under
    slows both, and cancels; the data slows only the page (the trivial page runs the same 4
    sign-in queries, for one person's own rows, at every size). Older results judge the raw
    growth, as they were judged when they were taken."""
    raw = big["median_ms"] / one["median_ms"]
    if "trivial_median_ms" in one and "trivial_median_ms" in big:
        judged = (big["median_ms"] / big["trivial_median_ms"]) / (
            one["median_ms"] / one["trivial_median_ms"]
        )
        return judged, raw
    return raw, raw


def growth_text(one, big):
    judged, raw = growth(one, big)
    paired = "trivial_median_ms" in one and "trivial_median_ms" in big
    return f"{judged:.2f}x (raw {raw:.2f}x)" if paired else f"{raw:.2f}x"


def audit_overhead(row):
    """(the overhead the target judges, its text) of the audit write on a page, or None.
    Results from session 13 on time the write inside each request ("audit_write_ms"): the
    judged overhead is the median, request by request, of the write's time over the rest of
    that request's. The page measured with the write switched off ("audit_off_median_ms"),
    a difference of two medians taken side by side, is shown beside it: with 20 requests a
    side it moved by more than 10% between two runs of the same code (session 12), more than
    the write costs. Older results judge that difference, as they were judged then."""
    if "audit_off_median_ms" not in row:
        return None
    on_off = row["median_ms"] / row["audit_off_median_ms"] - 1
    writes = row.get("audit_write_ms")
    if not writes:
        return on_off, f"{on_off:+.0%}"
    shares = [w / (t - w) for w, t in zip(writes, row["times_ms"], strict=True) if t > w]
    judged = statistics.median(shares)
    return judged, f"{judged:+.0%} (on/off {on_off:+.0%})"


def checks(small, large):
    """[Check] for two sizes' results (1x and 4x)."""
    out = []
    trivial = large["pages"][TRIVIAL]["median_ms"]
    for page, big in large["pages"].items():
        if page.startswith(TRIVIAL):
            continue
        one = small["pages"].get(page)
        # Only a page that did not always answer 200 gets this row (it fails): results from
        # before it was judged keep the rows they were judged with.
        statuses = sorted({*big.get("status", [200]), *(one or {}).get("status", [200])})
        if statuses != [200]:
            out.append(Check(page, "answers 200", ", ".join(map(str, statuses)), False))
        queries_ok = big["queries"] <= MAX_QUERIES and (
            one is None or one["queries"] == big["queries"]
        )
        out.append(
            Check(page, "queries", f"{one and one['queries']} -> {big['queries']}", queries_ok)
        )
        ratio = vs_trivial(big, trivial)
        out.append(Check(page, "vs trivial", f"{ratio:.1f}x", ratio <= MAX_VS_TRIVIAL, ratio))
        if one:
            judged = growth(one, big)[0]
            out.append(Check(page, "growth", growth_text(one, big), judged < MAX_GROWTH))
        overhead = audit_overhead(big)
        if overhead is not None:
            judged, text = overhead
            out.append(Check(page, "audit overhead", text, judged <= MAX_AUDIT_OVERHEAD, judged))
    for step, run in large.get("imports", {}).items():
        allowed = run["rows"] * MAX_IMPORT_QUERIES_PER_ROW + IMPORT_QUERIES_ALLOWED
        out.append(
            Check(
                f"import, {step}",
                "batched",
                f"{run['queries']} q for {run['rows']} rows",
                run["queries"] <= allowed,
            )
        )
    for job, runs in large.get("jobs", {}).items():
        steady = runs["steady"]["seconds"]
        before = small.get("jobs", {}).get(job, {}).get("steady", {}).get("seconds")
        flat = before is None or steady <= max(before * MAX_GROWTH, 0.5)
        out.append(
            Check(
                job,
                "steady state",
                f"{before} s -> {steady} s",
                steady <= MAX_JOB_STEADY_SECONDS and flat and not runs.get("timed_out"),
            )
        )
    return out


def verdicts(results):
    """(rows with a verdict, failures, gaps now fixed). A known gap excuses a missed target
    only up to its ceiling: a page that gets slower still, past what was measured and
    accepted for it (ADR 0071), fails."""
    rows, failures, fixed = [], [], []
    for page, target, measured, met, value in results:
        gap = gap_for(page, target)
        if met and gap:
            verdict = "fixed: remove this gap"
            fixed.append(gap)
        elif met:
            verdict = "ok"
        elif gap and not over_ceiling(gap, value):
            verdict = f"known gap ({gap['fixed_by']})"
        else:
            verdict = "FAIL" if not gap else f"FAIL: over its known gap's ceiling {gap['ceiling']}"
            failures.append((page, target, measured))
        rows.append((page, target, measured, verdict))
    stale = [g for g in GAPS if (g["page"], g["target"]) not in {(r[0], r[1]) for r in rows}]
    return rows, failures, fixed + stale


def over_ceiling(gap, value):
    """Whether ``value`` is past the gap's ceiling (a gap without one has no numeric target
    to hold it to)."""
    ceiling = gap.get("ceiling")
    return ceiling is not None and value is not None and value > ceiling
