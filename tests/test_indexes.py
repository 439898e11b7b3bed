"""Every index costs every write: each row inserted or changed updates every index on its table
(issue 17, cause 6: the audit write on every view, at national scale 10 million rows). Django
gives every foreign key an index of its own; where another index on the same table already
starts with that column, the database serves look-ups by the key from the longer index, and
the key's own index only slows writes and takes space (ADR 0043, update 2026-12-07: an index
no read needs). So a foreign key whose column leads another index (or unique constraint) on
its table has `db_index=False`.

Worked out from the app registry, not listed: a new model, index or constraint joins the
check as it is written."""

import pytest
from django.apps import apps
from django.db import connection, models


def leading_columns(model):
    """The column each composite index or unique constraint on the model's table starts with,
    and its name: plain indexes over fields only (a partial or expression index serves only
    some reads)."""
    meta = model._meta
    leads = {}
    for index in meta.indexes:
        if index.condition is None and not index.expressions and len(index.fields) > 1:
            leads.setdefault(meta.get_field(index.fields[0].lstrip("-")).column, index.name)
    for constraint in meta.constraints:
        fields = getattr(constraint, "fields", ())
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.condition is None
            and len(fields) > 1
        ):
            leads.setdefault(meta.get_field(fields[0]).column, constraint.name)
    for fields in meta.unique_together:
        if len(fields) > 1:
            leads.setdefault(meta.get_field(fields[0]).column, "unique_together")
    return leads


def redundant_key_indexes():
    found = []
    for model in apps.get_models():
        meta = model._meta
        if not model.__module__.startswith("gateway.") or meta.proxy or not meta.managed:
            continue
        leads = leading_columns(model)
        for field in meta.local_fields:
            if isinstance(field, models.ForeignKey) and field.db_index and field.column in leads:
                found.append(f"{meta.label}.{field.name} (led by {leads[field.column]})")
    return found


def test_no_foreign_key_keeps_an_index_another_index_already_serves():
    assert redundant_key_indexes() == []


@pytest.mark.django_db
def test_the_migrations_dropped_the_key_indexes_the_models_no_longer_keep():
    """The database matches the models: a foreign key whose column leads a longer index has
    no single-column index of its own left on the table (the migrations drop it without
    rebuilding the table, gateway/core/migration_ops.py)."""
    left = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if not model.__module__.startswith("gateway.") or meta.proxy or not meta.managed:
                continue
            leads = leading_columns(model)
            keys = {
                field.column
                for field in meta.local_fields
                if isinstance(field, models.ForeignKey) and field.column in leads
            }
            if not keys:
                continue
            found = connection.introspection.get_constraints(cursor, meta.db_table)
            for name, details in found.items():
                plain = details["index"] and not details["unique"] and not details["primary_key"]
                if plain and len(details["columns"]) == 1 and details["columns"][0] in keys:
                    left.append(f"{meta.db_table}.{name}")
    assert left == []
