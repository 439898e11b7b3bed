"""Daily: chase and escalate unanswered registration referrals, raise pre-release,
first-appointment and refusal-letter alerts, and keep every commissioner's evidence tables
for today (ADR 0064, update of session 13). Idempotent: safe to run more than once a day or
to re-run after a failure. The evidence is always kept for the real today, also when the
steps are caught up for an earlier --date (the page reads only a row kept today)."""

import datetime

from django.core.management.base import BaseCommand

from gateway.registration import services


class Command(BaseCommand):
    help = "Chase, escalate and raise the alerts due on registration referrals"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were YYYY-MM-DD (for catching up)")

    def handle(self, *args, date=None, **options):
        today = datetime.date.fromisoformat(date) if date else None
        counts = services.run_daily(today)
        counts["evidence_kept"] = services.keep_evidence()
        self.stdout.write(", ".join(f"{name}: {n}" for name, n in counts.items()))
