"""Extended statistics on open alerts' organisation and kind (ADR 0043, update 2026-12-07).

PostgreSQL assumed an organisation's share of alerts and a kind's share are independent and
estimated a quarter of the commissioner's worklist alerts (370 of 1,489 on the bench's 4x
data); with the worklist's scope checked row by row this estimate decides whether the page
walks reg_open_alerts_in_order. PostgreSQL only: SQLite has no planner statistics."""

from django.db import migrations

NAME = "reg_alert_organisation_kind"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (mcv, ndistinct, dependencies) "
        "ON organisation_id, kind FROM registration_registrationalert"
    )
    schema_editor.execute("ANALYZE registration_registrationalert")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("registration", "0011_practice_referrer_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
