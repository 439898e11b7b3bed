import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

OPEN_APPEAL_STATUSES = ("lodged", "acknowledged", "panel_scheduled")


def fill(apps, schema_editor):
    """Each appeal's commissioner and person are its episode's, and its decide_by the date the panel's
    queue worked out at read time until now: the panel date, otherwise the latest
    appeal_panel deadline not cancelled (ADR 0062). One UPDATE of every appeal."""
    Episode = apps.get_model("sas", "Episode")
    Appeal = apps.get_model("sas", "Appeal")
    Deadline = apps.get_model("sas", "Deadline")
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    Appeal.objects.update(
        commissioner_id=Subquery(
            Episode.objects.filter(pk=OuterRef("episode_id")).values("commissioner_id")[:1]
        ),
        patient_id=Subquery(
            Episode.objects.filter(pk=OuterRef("episode_id")).values("patient_id")[:1]
        ),
        decide_by=Coalesce("panel_on", Subquery(panel_due.values("due_on")[:1])),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_api_token_expiry_rotation_and_rate_counts"),
        ("patients", "0012_relationship_scope_index"),
        ("sas", "0019_key_indexes_served_by_longer_ones"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="commissioner",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="patients.patient",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="decide_by",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="appeal",
            name="commissioner",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="patients.patient",
            ),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=Q(("status__in", OPEN_APPEAL_STATUSES)),
                fields=["commissioner", "decide_by", "received_on", "id"],
                include=["patient"],
                name="sas_appeal_panel_queue",
            ),
        ),
    ]
