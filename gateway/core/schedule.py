"""Claims on the periodic jobs, so several job timers (`manage.py run_schedule`) can run at
once: for high availability, or by mistake. Each job has a ScheduledJob row; a timer runs a
job only after one conditional UPDATE finds it due and not being run and moves it on, so two
timers never run the same job at the same time and, between them, run it once per interval
(docs/adr/0052).

A timer that dies mid-job keeps its claim until running_until: the job's interval, and at
least an hour. A job that runs longer than that could be started again by another timer; the
daily jobs take seconds (ADR 0044)."""

import datetime
import os
import socket

from django.db.models import Q

from .models import ScheduledJob

MIN_HOLD_SECONDS = 60 * 60


def this_timer():
    """Which timer claims: host and process, for the row and for the logs."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def ensure_rows(names, now):
    """A row for each job, due now if it is new (rows of jobs taken off the list stay, unused)."""
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=name, next_run_at=now) for name in names], ignore_conflicts=True
    )


def claim(name, every_seconds, now, timer):
    """Whether this timer may run the job now: it is due and nobody is running it. Winning
    moves the job's next run on by its interval and holds it while it runs."""
    hold = max(every_seconds, MIN_HOLD_SECONDS)
    won = (
        ScheduledJob.objects.filter(name=name, next_run_at__lte=now)
        .filter(Q(running_until__isnull=True) | Q(running_until__lte=now))
        .update(
            next_run_at=now + datetime.timedelta(seconds=every_seconds),
            running_until=now + datetime.timedelta(seconds=hold),
            running_on=timer,
        )
    )
    return won == 1


def release(name, timer):
    """The job has finished (or failed) on this timer: another may run it when next due."""
    ScheduledJob.objects.filter(name=name, running_on=timer, running_until__isnull=False).update(
        running_until=None
    )
