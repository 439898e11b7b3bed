"""Contact routes and consents appear in URLs (change, end, withdraw), so they carry a random
public id like every other row that does (ASVS 8.3). Rows that exist get their own id."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    for name in ("ContactRoute", "Consent"):
        model = apps.get_model("patients", name)
        for row in model.objects.filter(public_id__isnull=True).only("pk"):
            row.public_id = uuid.uuid4()
            row.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("patients", "0003_contact_routes_consent")]

    operations = [
        migrations.AddField(
            model_name="contactroute",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="consent",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactroute",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="consent",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
