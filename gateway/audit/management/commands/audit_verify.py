"""`manage.py audit_verify`: walk the audit trail's hash chain and report the first broken
link. Exits non-zero when the chain is broken so a scheduled job or CI step fails loudly."""

from django.core.management.base import BaseCommand, CommandError

from gateway.audit.services import check_chain


class Command(BaseCommand):
    help = "Check that no audit row has been changed or removed since it was written."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="How many rows to read from the database at a time (default 2000).",
        )

    def handle(self, *args, batch_size, **options):
        checked, broken_id = check_chain(batch_size=batch_size)
        if broken_id is not None:
            raise CommandError(
                f"Audit trail broken at row ID {broken_id}: its hash or its link to the row "
                "before it does not match. This row, or the one before it, was changed or "
                "removed after it was written. Treat this as a security incident and compare "
                "the trail with the latest backup."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {checked} rows checked"))
