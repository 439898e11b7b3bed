"""The reasonable-grounds registry as data (docs/domain/gp-registration.md#national-rules). Codes
are stable: the evidence tables group by them, and rules/refusals.py names the ones that are never
reasonable."""

from django.db import migrations

from gateway.core.reference_data import reference_data

REASONS = [
    ("list_closed", "The practice list is formally closed", True, False),
    ("outside_boundary", "The person lives outside the practice boundary", True, False),
    ("no_proof_of_address", "No proof of address", False, False),
    ("no_id", "No proof of identity", False, False),
    ("immigration_status", "Immigration status", False, False),
    ("other", "Another reason (say what)", False, True),
]


@reference_data
def add(apps, schema_editor):
    RefusalReason = apps.get_model("registration", "RefusalReason")
    for position, (code, label, reasonable, needs_detail) in enumerate(REASONS):
        RefusalReason.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "is_reasonable_ground": reasonable,
                "needs_detail": needs_detail,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
