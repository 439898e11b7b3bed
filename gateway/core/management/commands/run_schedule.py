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
# How often a timer looks for due jobs.
POLL_SECONDS = 30


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
        while True:
            ran = run_due(jobs)
            if ran:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if once:
                return
            time.sleep(POLL_SECONDS)
