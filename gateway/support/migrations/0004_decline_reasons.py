"""The decline reasons issue 6 names, as the registry's starting rows
(docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes)."""

from django.db import migrations

from gateway.core.reference_data import reference_data

REASONS = [
    ("needs_too_high", "Needs too high for the service", False),
    ("no_capacity", "No space or capacity", False),
    ("out_of_area", "Out of area", False),
    ("not_eligible", "Not eligible for the service", False),
    ("did_not_engage", "Did not engage", False),
    ("other", "Another reason", True),
]


@reference_data
def add(apps, schema_editor):
    DeclineReason = apps.get_model("support", "DeclineReason")
    for position, (code, label, needs_detail) in enumerate(REASONS, start=1):
        DeclineReason.objects.update_or_create(
            code=code,
            defaults={"label": label, "needs_detail": needs_detail, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0003_team_meetings_referrals_deaths")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
