"""Targets `make bench` knows are not met (issue 17), so main stays green while they are
open. Each entry names the page (or job), the target, what was measured, why, and what would
fix it. When a page meets its target the bench says "fixed: remove this gap": delete the entry
then, so the target guards it from then on.

Targets: "queries" (at most 15, the same at both sizes), "vs trivial" (within 2x the trivial
page at the larger size), "growth" (less than 1.5x when the data grows 4x, judged on "x
trivial" at 4x over 1x), "audit overhead" (at most 10%), "steady state" (a daily job's second
run at most 5 s and flat).

Filled from session 14's two runs of the final code, on copies of the same data (the
trivial page 6.3 to 8.5 ms beside the pages): benchmarks/results/2026-12-08-9e13a7e-a.json
and 2026-12-08-9e13a7e.json (the README's session-14 section). "Measured" gives both, in
that order. Every page is within 15 queries and the same at 1x and 4x and grows less than
1.5x; the imports write in batches; both daily jobs' steady state is at most 0.05 s. What is
left: 26 pages "vs trivial", at 2.1x to 3.8x, and the FHIR Patient read's audit write, +11%
in both runs. Each is accepted at what was measured and held to a ceiling (ADR 0071).

Within 2x the trivial page a page has the trivial page's time (6 to 7 ms here) for all it
does beyond it. For 18 of the 26 its own SQL and templates alone take longer than that (the
bench's floor line, given in each entry from the second run), so no change to the view's
Python can meet the target: only fewer or cheaper statements and less to render would. The
other 8 are within it on SQL and templates and miss it on the view's Python."""

import math

WHY_FLOOR = (
    "its own SQL and templates (over the trivial page's sign-in queries and layout) take "
    "{own:.1f} ms at 4x, more than the whole trivial page beside it ({trivial:.1f} ms), which "
    "is all the target leaves a page for its own work: the bench's floor line (session 13). "
    "Its queries are bounded and the same at 1x and 4x and it grows less than 1.5x: the cost "
    "is per request, not the data. Its reads are compiled once a process where they can be "
    "(ADR 0068, 0069), and planned once a connection where one plan suits every organisation "
    "(ADR 0070)"
)

FIX_FLOOR = (
    "fewer or cheaper statements and less to render on the page, not the view's Python: e.g. "
    "the commissioner's worklist count off its index (a random_page_cost for SSD storage took "
    "it from 4.1 to 3.1 ms in a trial), a list's rows read by key without its scope read "
    "again (KeysFirst), rows written in Python as the audit trail's are (ADR 0065)"
)

WHY_PYTHON = (
    "its own SQL and templates take {own:.1f} ms at 4x, within the trivial page's {trivial:.1f} "
    "ms, but the view's Python (building its forms, statements and rows) takes it past the "
    "target. Its queries are bounded and the same at 1x and 4x and it grows less than 1.5x"
)

FIX_PYTHON = (
    "the page's remaining reads compiled once a process (ADR 0068: the SAS worklist's page "
    "keys and items, the queues' filters, the registration list's practice choices) and its "
    "rows written in Python (ADR 0065)"
)


WHY_FHIR_AUDIT = (
    "the audit write (one INSERT committed on its own, about 1 ms at 4x, most of it the "
    "commit's flush to disk) on a 10 to 11 ms read is about a tenth of it: +11% in both runs. "
    "The read itself is within 2x the trivial page (1.5x) since its count is skipped when its "
    "one page holds every match and the rate limit is counted in one statement"
)

FIX_FHIR_AUDIT = (
    "issue 17 cause 6: the view row written after the response or in the sealer's batch "
    "(ADR 0055), keeping the guarantee that no read goes unrecorded"
)


# A known gap excuses its page only up to a ceiling (ADR 0071): the worst it was measured
# at, with room for a noisier run (between two runs of the same code on this machine a
# page's ratio moved by up to a tenth). A page slower than that fails the bench.
CEILING_MARGIN = 1.25


def ceiling(*measured):
    """The ceiling for a gap measured at ``measured`` (ratios, or audit shares: 0.13)."""
    return math.ceil(max(measured) * CEILING_MARGIN * 100) / 100


def _gap(page, target, measured, why, fixed_by, accepted):
    return {
        "page": page,
        "target": target,
        "measured": measured,
        "why": why,
        "fixed_by": fixed_by,
        "ceiling": ceiling(*accepted),
    }


GAPS = [
    _gap(
        "home: commissioner",
        "vs trivial",
        "2.9x and 2.9x",
        WHY_FLOOR.format(own=10.0, trivial=7.3),
        FIX_FLOOR,
        (2.9, 2.9),
    ),
    _gap(
        "home: support worker",
        "vs trivial",
        "2.1x and 2.1x",
        WHY_PYTHON.format(own=5.7, trivial=7.4),
        FIX_PYTHON,
        (2.1, 2.1),
    ),
    _gap(
        "SAS worklist: commissioner",
        "vs trivial",
        "3.8x and 3.8x",
        WHY_FLOOR.format(own=10.6, trivial=7.5),
        FIX_FLOOR,
        (3.8, 3.8),
    ),
    _gap(
        "SAS worklist: SAS practice",
        "vs trivial",
        "2.9x and 3.0x",
        WHY_PYTHON.format(own=5.5, trivial=7.2),
        FIX_PYTHON,
        (2.9, 3.0),
    ),
    _gap(
        "SAS screening queue",
        "vs trivial",
        "2.6x and 2.7x",
        WHY_PYTHON.format(own=5.8, trivial=6.8),
        FIX_PYTHON,
        (2.6, 2.7),
    ),
    _gap(
        "SAS panel queue",
        "vs trivial",
        "2.5x and 2.5x",
        WHY_PYTHON.format(own=4.1, trivial=6.6),
        FIX_PYTHON,
        (2.5, 2.5),
    ),
    _gap(
        "SAS episode list",
        "vs trivial",
        "3.4x and 3.3x",
        WHY_FLOOR.format(own=10.8, trivial=7.4),
        FIX_FLOOR,
        (3.4, 3.3),
    ),
    _gap(
        "SAS episode list, deep",
        "vs trivial",
        "3.3x and 3.2x",
        WHY_FLOOR.format(own=10.3, trivial=7.6),
        FIX_FLOOR,
        (3.3, 3.2),
    ),
    _gap(
        "SAS episode page",
        "vs trivial",
        "3.1x and 3.1x",
        WHY_PYTHON.format(own=6.5, trivial=7.4),
        FIX_PYTHON,
        (3.1, 3.1),
    ),
    _gap(
        "patient record",
        "vs trivial",
        "2.5x and 2.5x",
        WHY_PYTHON.format(own=6.2, trivial=7.3),
        FIX_PYTHON,
        (2.5, 2.5),
    ),
    _gap(
        "support patient page",
        "vs trivial",
        "3.5x and 3.5x",
        WHY_FLOOR.format(own=9.0, trivial=7.4),
        FIX_FLOOR,
        (3.5, 3.5),
    ),
    _gap(
        "caseload: Your clients",
        "vs trivial",
        "2.8x and 3.0x",
        WHY_FLOOR.format(own=10.6, trivial=7.3),
        FIX_FLOOR,
        (2.8, 3.0),
    ),
    _gap(
        "caseload, deep",
        "vs trivial",
        "3.0x and 2.9x",
        WHY_FLOOR.format(own=10.2, trivial=7.5),
        FIX_FLOOR,
        (3.0, 2.9),
    ),
    _gap(
        "support actions",
        "vs trivial",
        "2.6x and 2.5x",
        WHY_FLOOR.format(own=9.3, trivial=7.8),
        FIX_FLOOR,
        (2.6, 2.5),
    ),
    _gap(
        "support referrals",
        "vs trivial",
        "2.8x and 2.9x",
        WHY_FLOOR.format(own=7.6, trivial=7.3),
        FIX_FLOOR,
        (2.8, 2.9),
    ),
    _gap(
        "registration list: referrer",
        "vs trivial",
        "2.2x and 2.2x",
        WHY_PYTHON.format(own=5.4, trivial=7.4),
        FIX_PYTHON,
        (2.2, 2.2),
    ),
    _gap(
        "registration list, deep",
        "vs trivial",
        "2.3x and 2.2x",
        WHY_PYTHON.format(own=5.1, trivial=7.5),
        FIX_PYTHON,
        (2.3, 2.2),
    ),
    _gap(
        "registration inbox",
        "vs trivial",
        "3.4x and 3.4x",
        WHY_FLOOR.format(own=11.5, trivial=7.5),
        FIX_FLOOR,
        (3.4, 3.4),
    ),
    _gap(
        "registration inbox, deep",
        "vs trivial",
        "3.7x and 3.6x",
        WHY_FLOOR.format(own=12.4, trivial=7.3),
        FIX_FLOOR,
        (3.7, 3.6),
    ),
    _gap(
        "registration worklist",
        "vs trivial",
        "3.8x and 3.7x",
        WHY_FLOOR.format(own=13.9, trivial=7.0),
        FIX_FLOOR,
        (3.8, 3.7),
    ),
    _gap(
        "outbox",
        "vs trivial",
        "3.0x and 3.0x",
        WHY_FLOOR.format(own=9.9, trivial=7.5),
        FIX_FLOOR,
        (3.0, 3.0),
    ),
    _gap(
        "outbox, deep",
        "vs trivial",
        "3.2x and 3.2x",
        WHY_FLOOR.format(own=12.4, trivial=7.8),
        FIX_FLOOR,
        (3.2, 3.2),
    ),
    _gap(
        "audit events",
        "vs trivial",
        "3.3x and 3.1x",
        WHY_FLOOR.format(own=8.4, trivial=7.6),
        FIX_FLOOR,
        (3.3, 3.1),
    ),
    _gap(
        "audit events, deep",
        "vs trivial",
        "3.6x and 3.6x",
        WHY_FLOOR.format(own=11.1, trivial=7.5),
        FIX_FLOOR,
        (3.6, 3.6),
    ),
    _gap(
        "API referral list",
        "vs trivial",
        "3.7x and 3.7x",
        WHY_FLOOR.format(own=14.5, trivial=8.5),
        FIX_FLOOR,
        (3.7, 3.7),
    ),
    _gap(
        "API referral list, deep",
        "vs trivial",
        "2.5x and 2.5x",
        WHY_FLOOR.format(own=9.7, trivial=8.4),
        FIX_FLOOR,
        (2.5, 2.5),
    ),
    _gap(
        "FHIR Patient by NHS number",
        "audit overhead",
        "+11% (on/off +12%) and +11% (on/off +11%)",
        WHY_FHIR_AUDIT,
        FIX_FHIR_AUDIT,
        (0.11, 0.11),
    ),
]


def gap_for(page, target):
    for gap in GAPS:
        if gap["page"] == page and gap["target"] == target:
            return gap
    return None
