"""Print `known_gaps.GAPS` entries for every target a `make bench` run missed, from its
results JSON: `python benchmarks/gaps_from_results.py benchmarks/results/<run>.json`. Paste
what it prints into known_gaps.py after reading each line: a gap is a promise to fix it."""

import json
import sys

WHY = {
    "queries": (
        "the page reads the same rows more than once, or runs the home page's counts",
        "issue 17 cause 3/7",
    ),
    "vs trivial": (
        "lists sort and count everything visible before taking one page",
        "issue 17 cause 1/2",
    ),
    "growth": (
        "the page's cost grows with the data (counts, correlated-subquery sorts)",
        "issue 17 cause 1/2/5",
    ),
    "audit overhead": (
        "the audit write adds an INSERT (and the view row it records) to a page",
        "issue 17 cause 6",
    ),
    "steady state": ("the job reprocesses history every day", "issue 17 cause 4"),
}


def main(path):
    with open(path) as results:
        checks = json.load(results)["checks"]
    print("GAPS = [")
    for check in checks:
        if check["verdict"] != "FAIL":
            continue
        why, fixed_by = WHY[check["target"]]
        entry = {
            "page": check["page"],
            "target": check["target"],
            "measured": check["measured"],
            "why": why,
            "fixed_by": fixed_by,
        }
        print(f"    {entry!r},")
    print("]")


if __name__ == "__main__":
    main(sys.argv[1])
