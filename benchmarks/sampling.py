"""How the bench takes its times (no Django, so it is tested on its own): requests to a page
and to the pages it is compared with, interleaved in one process, so each comparison is of
times taken side by side under the same load (ADR 0042, update 2026-12-07)."""

import statistics
import time


def interleaved(calls, n, warm_up=2, clock=time.perf_counter):
    """Time each of ``calls`` ({name: function}) n times, in rounds that call every function
    once, after ``warm_up`` untimed rounds. The order rotates each round (A B, B A, A B, ...;
    with three, A B C, B C A, C A B), so none always runs first or right after another.
    Returns {name: [milliseconds, ...]} in the order taken."""
    names = list(calls)
    for _ in range(warm_up):
        for name in names:
            calls[name]()
    times = {name: [] for name in names}
    for i in range(n):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            start = clock()
            calls[name]()
            times[name].append(round((clock() - start) * 1000, 2))
    return times


def median(times):
    return round(statistics.median(times), 2)


def p95(times):
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2)
