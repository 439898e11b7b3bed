"""`manage.py audit_verify`: check every audit row against the keyed hash chain and against
the anchors written outside the database (ADR 0034), and report what does not match. Exits
non-zero when anything does, so a scheduled job or CI step fails loudly."""

from django.core.management.base import BaseCommand, CommandError

from gateway.audit.verification import verify_trail


class Command(BaseCommand):
    help = (
        "Check that no audit row has been changed or removed since it was written: the keyed "
        "chain, and the anchors kept outside the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="How many rows to read from the database at a time (default 2000).",
        )

    def handle(self, *args, batch_size, **options):
        result = verify_trail(batch_size=batch_size)
        if not result.intact:
            raise CommandError("\n".join(result.problems))
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {result.checked} rows checked"))
        anchor = result.last_anchor
        if anchor is None:
            self.stdout.write(
                "No anchor covers the trail yet: run `manage.py audit_anchor` (run_schedule "
                "does it regularly). Until then, removing the newest rows cannot be detected."
            )
        else:
            self.stdout.write(
                f"Anchors that match: {result.anchors_matched}. The newest, of {anchor['at']}, "
                f"covers rows up to ID {anchor['last_id']}; rows written since: "
                f"{result.rows_since_last_anchor}."
            )
