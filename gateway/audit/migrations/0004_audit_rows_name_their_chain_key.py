"""Each audit row names the key that made its hash (ADR 0034). Rows written before have an
empty key id and a plain SHA-256 hash (accepted only up to settings.AUDIT_CHAIN_LEGACY_UNTIL_ID).

SQLite cannot add a column with a default in place: Django copies the table into a new one,
which drops its triggers. The append-only triggers of 0002 are put back straight after."""

import importlib

from django.db import migrations, models

_triggers = importlib.import_module("gateway.audit.migrations.0002_append_only_triggers")


def put_back_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*_triggers.SQLITE_REVERSE, *_triggers.SQLITE]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_audit_event_export_action"),
    ]

    operations = [
        # Undoing the migration remakes the table too: the triggers go back after that.
        migrations.RunPython(migrations.RunPython.noop, put_back_sqlite_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(put_back_sqlite_triggers, migrations.RunPython.noop),
    ]
