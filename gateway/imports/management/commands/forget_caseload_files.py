"""Empty the uploaded file of every caseload import older than the time limit (docs/adr/0031).
Run daily (cron, or the platform's scheduler), beside sas_daily."""

from django.core.management.base import BaseCommand

from gateway.imports.caseloads.services import forget_old_files


class Command(BaseCommand):
    help = "Forget the uploaded files of caseload imports older than the time limit"

    def handle(self, *args, **options):
        forgotten = forget_old_files()
        self.stdout.write(f"Forgot {forgotten} caseload file(s).")
