"""One table for a `make bench` run, the same as JSON under benchmarks/results/, and the
verdict against the targets (targets.py) less the known gaps (known_gaps.py)."""

import datetime
import json
from collections import defaultdict

from names import TRIVIAL
from targets import (
    MAX_VS_TRIVIAL,
    audit_overhead,
    checks,
    growth,
    trivial_beside,
    verdicts,
    vs_trivial,
)


def report(sizes, machine, results_dir):
    names = list(sizes)
    small, large = sizes[names[0]], sizes[names[-1]]
    rows, failures, fixed = verdicts(checks(small, large)) if len(names) > 1 else ([], [], [])
    by_page = defaultdict(list)
    for page, target, measured, verdict in rows:
        by_page[page].append((target, measured, verdict))
    trivial_large = large["pages"][TRIVIAL]["median_ms"]
    trivial_rps = large.get("concurrency", {}).get(TRIVIAL, {}).get("rps")
    header = (
        f"{'page':<36} {'q ' + names[0]:>6} {'q ' + names[-1]:>6} {'med ' + names[0]:>9} "
        f"{'med ' + names[-1]:>9} {'p95 ' + names[-1]:>9} {'sql':>6} {'triv':>6} {'x triv':>6} "
        f"{'growth':>6} {'raw gr':>6} {'audit':>6} {'16c rps':>8}  verdict"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for page, big in large["pages"].items():
        one = small["pages"].get(page, {})
        overhead = audit_overhead(big)
        audit = f"{overhead[0]:+.0%}" if overhead else ""
        rps = large.get("concurrency", {}).get(page, {}).get("rps")
        rps_text = f"{rps / trivial_rps:.0%}" if rps and trivial_rps else ""
        judged, raw = growth(one, big) if one else (None, None)
        bad = [f"{t} {v}" for t, _, v in by_page.get(page, []) if v != "ok"]
        print(
            f"{page[:36]:<36} {one.get('queries', ''):>6} {big['queries']:>6} "
            f"{one.get('median_ms', 0):>9.1f} {big['median_ms']:>9.1f} {big['p95_ms']:>9.1f} "
            f"{_sql(big):>6} {trivial_beside(big, trivial_large):>6.1f} "
            f"{vs_trivial(big, trivial_large):>6.1f} "
            f"{_num(judged):>6} {_num(raw):>6} {audit:>6} {rps_text:>8}  "
            f"{'; '.join(bad) or 'ok'}"
        )
    for job, runs in large.get("jobs", {}).items():
        one = small.get("jobs", {}).get(job, {})
        print(
            f"{'job ' + job:<36} catch-up {runs['catch_up']['seconds']} s "
            f"({runs['catch_up']['queries']} q, {runs['catch_up'].get('tasks')} tasks queued), "
            f"steady {runs['steady']['seconds']} s ({runs['steady']['queries']} q); "
            f"at {names[0]}: steady "
            f"{one.get('steady', {}).get('seconds')} s  "
            + "; ".join(f"{t} {v}" for t, _, v in by_page.get(job, []) if v != "ok")
        )
    for step, run in large.get("imports", {}).items():
        one = small.get("imports", {}).get(step, {})
        missed = [f"{t} {v}" for t, _, v in by_page.get(f"import, {step}", []) if v != "ok"]
        print(
            f"{'import, ' + step:<36} {_import_text(run)}; at {names[0]}: {_import_text(one)}  "
            + ("; ".join(missed) or "ok")
        )
    over = sql_over_target(large)
    if over:
        print(
            f"SQL alone (the 'sql' column, {names[-1]}) is more than {MAX_VS_TRIVIAL:g}x the "
            f"trivial page's whole request for: {', '.join(over)}"
        )
    floor = own_work_over_target(large)
    if floor:
        print(
            f"Own SQL and templates alone ({names[-1]}: each page's over the trivial page's) take "
            f"longer than the whole trivial page, all the {MAX_VS_TRIVIAL:g}x target leaves a "
            f"page for its own work, for: "
            + ", ".join(f"{page} ({ms:.1f} ms)" for page, ms in floor)
        )
    for name in names:
        print(f"{name}: made in {sizes[name].get('generate_seconds')} s; {_trivials(sizes[name])}")
    for gap in fixed:
        print(f"fixed: remove this gap from known_gaps.py: {gap['page']} / {gap['target']}")
    if failures:
        print(f"\n{len(failures)} targets missed (not in known_gaps.py):")
        for page, target, measured in failures:
            print(f"  FAIL {page}: {target} measured {measured}")
    stamp = datetime.date.today().isoformat()
    path = results_dir / f"{stamp}-{machine['commit']}.json"
    results_dir.mkdir(exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "date": stamp,
                "machine": machine,
                "sizes": sizes,
                "checks": [
                    dict(zip(("page", "target", "measured", "verdict"), r, strict=True))
                    for r in rows
                ],
                "failures": len(failures),
            },
            indent=1,
        )
    )
    print(f"\nWritten {path.relative_to(results_dir.parent.parent)}")
    return failures


def sql_over_target(size):
    """The pages whose SQL alone (median ms a request) is more than the "vs trivial" target
    allows the whole page: no work in Python can bring them within it."""
    trivial = size["pages"][TRIVIAL]["median_ms"]
    return [
        page
        for page, row in size["pages"].items()
        if row.get("sql_median_ms", 0) > MAX_VS_TRIVIAL * trivial_beside(row, trivial)
    ]


def own_work(row, trivial):
    """Milliseconds of a page's SQL and template rendering beyond the trivial page's own (its
    sign-in queries and layout, which every page has), or None when either was not split."""
    keys = ("sql_median_ms", "template_median_ms")
    if not all(key in row and key in trivial for key in keys):
        return None
    return sum(row[key] - trivial[key] for key in keys)


def own_work_over_target(size):
    """[(page, its own SQL and templates in ms)] for the pages where those alone take longer
    than the trivial page's whole request: within the "vs trivial" target a page has that
    much for everything it does beyond the trivial page, so no work in the view's Python can
    bring these within it (results from session 13 on split the templates out)."""
    pages = size["pages"]
    trivial = pages[TRIVIAL]
    found = []
    for page, row in pages.items():
        if page.startswith(TRIVIAL):
            continue
        own = own_work(row, trivial)
        allowance = (MAX_VS_TRIVIAL - 1) * trivial_beside(row, trivial["median_ms"])
        if own is not None and own > allowance:
            found.append((page, own))
    return found


def _sql(row):
    return f"{row['sql_median_ms']:.1f}" if "sql_median_ms" in row else ""


def _import_text(run):
    if not run:
        return "not measured"
    return f"{run['rows']} rows {run['seconds']} s ({run['queries']} q)"


def _num(value):
    return "" if value is None else f"{value:.2f}"


def _trivials(size):
    """The trivial page's medians: on its own first and last, and beside each page (the
    spread is how much the machine's load moved while the pages were measured)."""
    pages = size.get("pages", {})
    alone = [pages[p]["median_ms"] for p in (TRIVIAL, TRIVIAL + " (again)") if p in pages]
    beside = [r["trivial_median_ms"] for r in pages.values() if "trivial_median_ms" in r]
    text = "trivial page on its own " + " then ".join(f"{ms:.1f}" for ms in alone) + " ms"
    if beside:
        text += f", beside the pages {min(beside):.1f} to {max(beside):.1f} ms"
    return text
