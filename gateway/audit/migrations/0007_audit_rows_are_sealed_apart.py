"""Audit rows are sealed apart from the rows themselves (ADR 0047): the chain's values move
from the trail's own columns to an append-only AuditSeal table, so a request only INSERTs
its row and the sealer chains it later.

Existing rows keep verifying: their chain values are copied, in id order, into seals at
positions 1, 2, 3..., exactly as they were (the hashes were made in id order and cover the
same content), before the columns go. The seal table gets the trail's append-only triggers.
SQLite drops a table's triggers when Django remakes it to drop a unique column, so the
trail's triggers are put back afterwards. There is no way back: undoing this would mean
writing to audit rows, which the triggers exist to stop."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_triggers = importlib.import_module("gateway.audit.migrations.0002_append_only_triggers")

COPY_CHAIN_INTO_SEALS = """
    INSERT INTO audit_auditseal (position, event_id, previous_hash, hash, key_id)
    SELECT ROW_NUMBER() OVER (ORDER BY id), id, previous_hash, hash, key_id
    FROM audit_auditevent
    ORDER BY id
"""

SEAL_SQLITE = [
    """CREATE TRIGGER audit_auditseal_no_update BEFORE UPDATE ON audit_auditseal
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;""",
    """CREATE TRIGGER audit_auditseal_no_delete BEFORE DELETE ON audit_auditseal
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;""",
]
SEAL_SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditseal_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditseal_no_delete;",
]
# audit_refuse_change() is the function migration 0002 made for the trail.
SEAL_POSTGRES = [
    """CREATE TRIGGER audit_auditseal_append_only BEFORE UPDATE OR DELETE ON audit_auditseal
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();""",
    """CREATE TRIGGER audit_auditseal_no_truncate BEFORE TRUNCATE ON audit_auditseal
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();""",
]
def copy_chain_into_seals(apps, schema_editor):
    schema_editor.execute(COPY_CHAIN_INTO_SEALS)


def put_back_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*_triggers.SQLITE_REVERSE, *_triggers.SQLITE]:
        schema_editor.execute(sql)


def seals_are_append_only(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in SEAL_POSTGRES if postgres else SEAL_SQLITE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_refused_access_is_its_own_action"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("position", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("previous_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64, unique=True)),
                ("key_id", models.CharField(blank=True, default="", max_length=32)),
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="seal",
                        to="audit.auditevent",
                    ),
                ),
            ],
            options={
                "ordering": ["position"],
            },
        ),
        migrations.RunPython(copy_chain_into_seals),
        migrations.RemoveField(
            model_name="auditevent",
            name="hash",
        ),
        migrations.RemoveField(
            model_name="auditevent",
            name="key_id",
        ),
        migrations.RemoveField(
            model_name="auditevent",
            name="previous_hash",
        ),
        migrations.RunPython(put_back_sqlite_triggers),
        migrations.RunPython(seals_are_append_only),
    ]
