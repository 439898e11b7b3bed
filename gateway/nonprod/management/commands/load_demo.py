"""`manage.py load_demo`: create or complete the demo data. Safe to run again."""

from django.core.management.base import BaseCommand

from gateway.nonprod.demo_data import DEMO_PASSWORD
from gateway.nonprod.load import load_demo


class Command(BaseCommand):
    help = "Load the demo organisations, staff and people (demo mode only; safe to repeat)."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(
            f"Demo data ready: {counts['organisations']} organisations, {counts['users']} "
            f"demo users (password: {DEMO_PASSWORD}), {counts['new_patients']} new demo "
            f"people added, {counts['new_sas_episodes']} new SAS episodes added."
        )
