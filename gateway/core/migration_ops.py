"""Migration operations more than one app needs.

`key_index_dropped`: a foreign key's own index is dropped because another index on its table
starts with the same column and serves every look-up by it (tests/test_indexes.py). Django
would do this as an AlterField, which on SQLite rebuilds the whole table: the rebuild drops
the table's triggers, and the append-only history tables keep their refusal of UPDATE and
DELETE in triggers (ADR 0026). So the state changes as AlterField says, and the database
only drops the index, found by what it covers (its name differs between releases of Django):
the single, non-unique index on exactly that column. Going back leaves it dropped: reads by
the key are served by the longer index either way."""

from django.db import migrations


def _drop_key_index(app_label, model_name, field_name):
    def drop(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        column = model._meta.get_field(field_name).column
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        for name, details in found.items():
            covers_only_the_key = details["columns"] == [column]
            plain = details["index"] and not details["unique"] and not details["primary_key"]
            if covers_only_the_key and plain:
                schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")

    return drop


def key_index_dropped(app_label, model_name, field_name, field):
    """AlterField(model_name, field_name, field) in the migration state; in the database, the
    key's own index dropped and nothing else touched."""
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name, field_name, field)],
        database_operations=[
            migrations.RunPython(
                _drop_key_index(app_label, model_name, field_name),
                migrations.RunPython.noop,
            )
        ],
    )
