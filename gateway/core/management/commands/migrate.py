"""`manage.py migrate` as the role that owns the tables (ADR 0034).

The application's database role (DATABASE_URL) may only read and add audit rows, so it
cannot run migrations. When MIGRATION_DATABASE_URL is set, migrate connects to the same
database with that URL's user, password, host and port instead (scripts/postgres-roles.sql
makes the two roles). Unset, it is Django's migrate unchanged (SQLite, the tests)."""

import dj_database_url
from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    help = migrate.Command.help + " Connects as MIGRATION_DATABASE_URL's user when it is set."

    def handle(self, *args, **options):
        url = getattr(settings, "MIGRATION_DATABASE_URL", "")
        if not url:
            return super().handle(*args, **options)
        owner = dj_database_url.parse(url)
        connection = connections[options["database"]]
        saved = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
        connection.close()
        connection.settings_dict.update({key: owner.get(key) for key in CREDENTIALS})
        try:
            return super().handle(*args, **options)
        finally:
            connection.close()
            connection.settings_dict.update(saved)
