"""Test-only background tasks for the two-worker test (test_two_workers_and_two_timers.py):
each run appends a line naming the task and the worker process to a file, so the test can
count who ran what. Never enqueued outside that test."""

import os
import time
from pathlib import Path

from django_tasks import task


def runs_file(name):
    return Path(os.environ["GATEWAY_TEST_RUNS_DIR"]) / name


def append(name, line):
    # One short write to a file opened for appending: lines from two processes never mix.
    with runs_file(name).open("a") as runs:
        runs.write(f"{line}\n")


@task(priority=10)
def both_workers_ready():
    """Record this worker, then wait until a second worker has taken the other copy of this
    task: while both wait, each worker is known to be up and polling."""
    append("ready", os.getpid())
    deadline = time.monotonic() + 120
    while len(set(runs_file("ready").read_text().split())) < 2:
        if time.monotonic() > deadline:
            raise TimeoutError("the second worker never took a task")
        time.sleep(0.1)


@task()
def record_run(number):
    append("runs", f"{number} {os.getpid()}")
    time.sleep(0.02)  # a little work, so the two workers take turns
