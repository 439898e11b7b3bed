"""Reference data that migrations seed (registries such as refusal and decline reasons, the
default frailty band table) and that the application relies on being there.

A data migration marks its seeding function with ``@reference_data``. Transactional tests
empty every table when they end (Django's flush), which would leave later tests without these
rows; ``reseed()`` runs the marked functions again, in migration order, against the current
models. Seeders must be idempotent (update_or_create / get_or_create)."""

from functools import cache

from django.apps import apps as django_apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython


def reference_data(function):
    function.reference_data = True
    return function


@cache
def seeders():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    ordered = []
    for node in _all_nodes_in_order(loader):
        migration = loader.disk_migrations.get(node)
        if migration is None:
            continue
        for operation in migration.operations:
            marked = getattr(getattr(operation, "code", None), "reference_data", False)
            if isinstance(operation, RunPython) and marked:
                ordered.append(operation.code)
    return tuple(ordered)


def _all_nodes_in_order(loader):
    seen = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node not in seen:
                seen.append(node)
    return seen


def reseed():
    for seed in seeders():
        seed(django_apps, None)
