"""`manage.py audit_anchor`: write a signed checkpoint of the audit chain's head to the anchor
store outside the database (ADR 0034). run_schedule runs it every AUDIT_ANCHOR_EVERY_SECONDS;
run it by hand before and after anything risky (an upgrade, a restore)."""

from django.core.management.base import BaseCommand

from gateway.audit.anchors import write_anchor


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit trail's newest row outside the database."

    def handle(self, *args, **options):
        anchor = write_anchor()
        if anchor is None:
            self.stdout.write("The audit trail is empty: nothing to anchor yet.")
            return
        self.stdout.write(
            f"Anchored the audit trail at row ID {anchor['last_id']} ({anchor['count']} rows)."
        )
