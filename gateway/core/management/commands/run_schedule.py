"""Run Gateway's periodic jobs (settings.SCHEDULED_JOBS) on a timer, for `make run` and any
host without cron or systemd timers. Each job is a management command that is safe to run
more often than it needs to (the daily jobs check what is due today); one failing job never
stops the others.

Several timers may run at once (a second host for high availability, or one started by
mistake): each job is claimed in the database before it runs (gateway/core/schedule.py), so
between them the timers run each job once per interval and never the same job twice at the
same time (docs/adr/0052)."""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from gateway.core import schedule

logger = logging.getLogger(__name__)
# How often a timer looks for due jobs: a third of the shortest interval (the audit sealer's
# 30 s, ADR 0047), so a job runs within 10 s of falling due. Waking only as often as the job's
# own interval let a pass that started a moment early miss it and run it a whole interval late
# (a seal up to a minute apart).
POLL_SECONDS = 10


def seconds_to_next_wake(elapsed):
    """A timer wakes every POLL_SECONDS from when it started, whatever a pass took, so its
    passes do not drift later and later."""
    return POLL_SECONDS - (elapsed % POLL_SECONDS)


def run_due(jobs, now=None, timer=None):
    """Run each job that is due (its interval has passed since any timer last started it) and
    that no other timer is running; returns the names run."""
    timer = timer or schedule.this_timer()
    schedule.ensure_rows([name for name, _ in jobs], now or timezone.now())
    ran = []
    for name, every_seconds in jobs:
        # The time now, not when the pass began: an earlier job may have taken minutes.
        if not schedule.claim(name, every_seconds, now or timezone.now(), timer):
            continue
        try:
            call_command(name)
        except Exception:  # noqa: BLE001 - one job's failure must not stop the others
            logger.exception("scheduled job failed", extra={"job": name})
            continue
        finally:
            schedule.release(name, timer)
        ran.append(name)
    return ran


class Command(BaseCommand):
    help = "Run the periodic jobs in settings.SCHEDULED_JOBS on a timer"

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due once and stop"
        )

    def handle(self, *args, once=False, **options):
        jobs = list(settings.SCHEDULED_JOBS)
        started = time.monotonic()
        while True:
            ran = run_due(jobs)
            if ran:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if once:
                return
            time.sleep(seconds_to_next_wake(time.monotonic() - started))
