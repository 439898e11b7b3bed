"""A GIN index on catchment_districts, so choosing a practice finds the practices whose catchment
includes a postcode district with one indexed JSON containment query (ADR 0044), not by loading
every practice in England. PostgreSQL only: SQLite (development and tests) has no GIN index and
its fallback query reads the practices of the kind."""

from django.db import migrations

INDEX = "accounts_org_catchment_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_organisation "
            "USING gin (catchment_districts jsonb_path_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_sign_in_throttle_and_cis2")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
