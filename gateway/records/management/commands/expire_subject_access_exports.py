"""Delete the content of subject access exports nobody downloaded in time (run hourly by
run_schedule; safe to run any number of times)."""

from django.core.management.base import BaseCommand

from gateway.records.services import expire_old_exports


class Command(BaseCommand):
    help = "Delete the content of subject access exports past their download time"

    def handle(self, *args, **options):
        count = expire_old_exports()
        self.stdout.write(f"Deleted {count} expired subject access export(s)")
