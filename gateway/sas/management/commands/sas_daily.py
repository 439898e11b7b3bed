"""Run the scheme's daily jobs: schedule missing reviews, ask for review inputs four weeks
ahead, and discharge automatically where the policy says so."""

import datetime

from django.core.management.base import BaseCommand

from gateway.sas.tasks import run_daily


class Command(BaseCommand):
    help = "Run the Special Allocation Scheme's daily jobs (safe to run more than once a day)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Run as if today were YYYY-MM-DD"
        )

    def handle(self, *args, date=None, **options):
        for name, count in run_daily(date).items():
            self.stdout.write(f"{name}: {count}")
