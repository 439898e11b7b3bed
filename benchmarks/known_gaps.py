"""Targets `make bench` knows are not met yet (issue 17), so main stays green while the causes
are fixed. Each entry names the page (or job), the target, what was measured, why, and the
issue item that fixes it. When a page meets its target the bench says "fixed: remove this
gap": delete the entry then, so the target guards it from then on.

Targets: "queries" (at most 15, the same at both sizes), "vs trivial" (within 2x the trivial
page at the larger size), "growth" (less than 1.5x when the data grows 4x), "audit overhead"
(at most 10%), "steady state" (a daily job's second run at most 5 s and flat)."""

GAPS = [
    # Filled from the first ("before") run on this machine: see benchmarks/results/.
]


def gap_for(page, target):
    for gap in GAPS:
        if gap["page"] == page and gap["target"] == target:
            return gap
    return None
