from django.db import migrations


def close_used_windows(apps, schema_editor):
    """An appeal window the patient has used is no longer due: before this, lodging an appeal
    left the window open, so the episode page kept saying "Appeal by ..." and offering to
    record an appeal after the appeal was decided."""
    Deadline = apps.get_model("sas", "Deadline")
    Appeal = apps.get_model("sas", "Appeal")
    open_windows = Deadline.objects.filter(
        kind__startswith="appeal_against_", met_at__isnull=True, cancelled_at__isnull=True
    )
    for window in open_windows.iterator():
        against = window.kind.removeprefix("appeal_against_")
        appeal = (
            Appeal.objects.filter(
                episode_id=window.episode_id, against=against, received_on__gte=window.starts_on
            )
            .exclude(status="withdrawn")
            .order_by("created_at")
            .first()
        )
        if appeal is not None:
            window.met_at = appeal.created_at
            window.save(update_fields=["met_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("sas", "0005_removal_report_screening_policy"),
    ]

    operations = [
        migrations.RunPython(close_used_windows, migrations.RunPython.noop),
    ]
