"""Targets `make bench` knows are not met yet (issue 17), so main stays green while they are
open. Each entry names the page (or job), the target, what was measured, why, and what would
fix it. When a page meets its target the bench says "fixed: remove this gap": delete the entry
then, so the target guards it from then on.

Targets: "queries" (at most 15, the same at both sizes), "vs trivial" (within 2x the trivial
page at the larger size), "growth" (less than 1.5x when the data grows 4x, judged on "x
trivial" at 4x over 1x), "audit overhead" (at most 10%), "steady state" (a daily job's second
run at most 5 s and flat).

Filled from benchmarks/results/2026-12-07-c9d57d5.json (session 10, nothing else running,
fresh copies of the data made that morning; the README's session-10 section). Every page is
within 15 queries and the same at 1x and 4x; both daily jobs' steady state is at most 0.3 s.
Met this session and removed: the panel queue's growth (ADR 0062), the dashboard's and the
national view's time and the national view's growth (figures kept by the daily job, ADR
0064) and the FHIR Organization list (ADR 0063). The support page's audit overhead measured
+10% this run (+0% in session 9's): listed with FHIR Patient's, for the same reason."""

WHY_LIST_FLOOR = (
    "a page of 25 rows, a record's sections or a home page's figures is 6 to 14 statements, "
    "each built by the ORM on every request (a scalar subquery about 2,500 Python calls, ADR "
    "0066), and its rows written out in Python (ADRs 0057, 0058, 0065); the cost is per "
    "request, not the data (queries the same at 1x and 4x, growth under 1.5x). The SAS "
    "worklists and the home pages' SAS figures spend about half their time in SQL: "
    "PostgreSQL estimates 14 to 24 visible episodes where there are hundreds and reads them "
    "all first (ADR 0066, Not yet)"
)

FIX_LIST_FLOOR = (
    "issue 17: each list's and section's statement compiled once a process with the "
    "organisation, user and date bound on each request (its own ADR and hazard: a wrong key "
    "would show one organisation's people to another); each row's person checked by a "
    "correlated look-up PostgreSQL cannot fold back into a join (ADR 0066); the lists not on "
    "ListPage (caseload, support actions and referrals, screening queue, evidence) reading "
    "only the columns they show (ADR 0065)"
)

WHY_AUDIT_WRITE = (
    "every view of a person's record writes its audit row in the request: one INSERT and its "
    "commit (a flush to disk) are a few ms on this machine, more when other work writes at "
    "the same time; earlier quiet runs measured between +0% and +10% for the same pages"
)

FIX_AUDIT_WRITE = (
    "none planned that keeps the guarantee: the chain is already off the request path (ADR "
    "0047) and the audit trail keeps only the indexes its reads need (ADR 0043 update); an "
    "asynchronous commit or a queue would let a view go unrecorded after a crash"
)


def _gap(page, target, measured, why, fixed_by):
    return {"page": page, "target": target, "measured": measured, "why": why, "fixed_by": fixed_by}


GAPS = [
    _gap(
        "home: commissioner",
        "vs trivial",
        "6.6x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "home: SAS practice",
        "vs trivial",
        "5.4x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "home: practice",
        "vs trivial",
        "5.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "home: support worker",
        "vs trivial",
        "4.8x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS worklist: commissioner",
        "vs trivial",
        "7.1x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS worklist: SAS practice",
        "vs trivial",
        "4.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS screening queue",
        "vs trivial",
        "3.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS panel queue",
        "vs trivial",
        "2.5x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS episode list",
        "vs trivial",
        "4.0x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS episode list, deep",
        "vs trivial",
        "3.9x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "SAS episode page",
        "vs trivial",
        "3.5x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "patient record",
        "vs trivial",
        "5.1x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "support patient page",
        "vs trivial",
        "7.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "support patient page",
        "audit overhead",
        "+10%",
        WHY_AUDIT_WRITE,
        FIX_AUDIT_WRITE,
    ),
    _gap(
        "caseload: Your clients",
        "vs trivial",
        "4.3x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "caseload, deep",
        "vs trivial",
        "5.0x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "support actions",
        "vs trivial",
        "4.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "support referrals",
        "vs trivial",
        "3.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration list: referrer",
        "vs trivial",
        "2.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration list, deep",
        "vs trivial",
        "2.2x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration inbox",
        "vs trivial",
        "3.9x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration inbox, deep",
        "vs trivial",
        "4.5x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration worklist",
        "vs trivial",
        "4.4x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "registration evidence",
        "vs trivial",
        "3.5x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "outbox",
        "vs trivial",
        "3.7x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "outbox, deep",
        "vs trivial",
        "3.6x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "audit events",
        "vs trivial",
        "3.9x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "audit events, deep",
        "vs trivial",
        "5.3x",
        WHY_LIST_FLOOR,
        FIX_LIST_FLOOR,
    ),
    _gap(
        "FHIR Patient by NHS number",
        "audit overhead",
        "+25%",
        WHY_AUDIT_WRITE,
        FIX_AUDIT_WRITE,
    ),
]


def gap_for(page, target):
    for gap in GAPS:
        if gap["page"] == page and gap["target"] == target:
            return gap
    return None
