"""Run Gateway's periodic jobs (settings.SCHEDULED_JOBS) on a timer, for `make run` and any
host without cron or systemd timers. Each job is a management command that is safe to run
more often than it needs to (the daily jobs check what is due today), so a restart or a
second scheduler never does harm; one failing job never stops the others."""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


def run_due(jobs, last_run, now):
    """Run each job whose interval has passed since it last ran; returns the names run."""
    ran = []
    for name, every_seconds in jobs:
        if now - last_run.get(name, float("-inf")) < every_seconds:
            continue
        last_run[name] = now
        try:
            call_command(name)
        except Exception:  # noqa: BLE001 - one job's failure must not stop the others
            logger.exception("scheduled job failed", extra={"job": name})
            continue
        ran.append(name)
    return ran


class Command(BaseCommand):
    help = "Run the periodic jobs in settings.SCHEDULED_JOBS on a timer"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop")

    def handle(self, *args, once=False, **options):
        jobs = list(settings.SCHEDULED_JOBS)
        last_run = {}
        while True:
            ran = run_due(jobs, last_run, time.monotonic())
            if ran:
                self.stdout.write(f"ran: {', '.join(ran)}")
            if once:
                return
            time.sleep(30)
