"""`manage.py audit_seal`: chain the audit rows written since the last run into the keyed
chain (ADR 0047). run_schedule runs it every AUDIT_SEAL_EVERY_SECONDS; `audit_anchor` and
`audit_verify` seal first too, so running it by hand is never needed but always safe."""

from django.core.management.base import BaseCommand

from gateway.audit.sealing import seal_pending


class Command(BaseCommand):
    help = "Seal the audit rows written since the last run into the keyed chain."

    def add_arguments(self, parser):
        parser.add_argument(
            "--everything",
            action="store_true",
            help="Look for unsealed rows in the whole trail, not only among the newest ids.",
        )

    def handle(self, *args, everything=False, **options):
        sealed = seal_pending(everything=everything)
        if sealed:
            self.stdout.write(f"Sealed {sealed} audit rows.")
