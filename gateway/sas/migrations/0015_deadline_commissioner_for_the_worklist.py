import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def copy_commissioner(apps, schema_editor):
    """Each deadline's commissioner is its episode's, as Deadline.save now keeps it (ADR 0043)."""
    Episode = apps.get_model("sas", "Episode")
    Deadline = apps.get_model("sas", "Deadline")
    Deadline.objects.update(
        commissioner_id=Subquery(
            Episode.objects.filter(pk=OuterRef("episode_id")).values("commissioner_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_api_token_expiry_rotation_and_rate_counts"),
        ("sas", "0014_caseload_date_filled"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
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
        migrations.RunPython(copy_commissioner, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deadline",
            name="commissioner",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=Q(
                    ("cancelled_at__isnull", True),
                    ("met_at__isnull", True),
                    ("suspended_at__isnull", True),
                ),
                fields=["commissioner", "due_on", "id"],
                name="sas_deadline_commissioner_due",
            ),
        ),
    ]
