"""`manage.py backup_database FILE`: a consistent copy of Gateway's database while it runs.

PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, however busy the service is),
restored with `pg_restore` into a fresh database (docs/operations/backups-and-keys.md).
SQLite (the demo): SQLite's online backup, page by page, safe while the demo is in use.

The copy holds everything about every person: write it only to encrypted storage that only the
operators can read. Nothing about the copy is logged except its size."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Copy the database, consistently, to FILE (pg_dump custom format, or SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if file.exists():
            raise CommandError(
                f"{file} already exists. Choose a new file: backups are never overwritten."
            )
        file.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "postgresql":
            self._pg_dump(file)
        elif connection.vendor == "sqlite":
            self._sqlite_backup(file)
        else:  # pragma: no cover - Gateway runs on PostgreSQL or SQLite only
            raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
        os.chmod(file, 0o600)
        self.stdout.write(self.style.SUCCESS(f"Backup written: {file.stat().st_size:,} bytes"))

    def _pg_dump(self, file):
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump is not installed. Install the PostgreSQL client tools.")
        params = connection.get_connection_params()
        environment = {**os.environ}
        if params.get("password"):
            environment["PGPASSWORD"] = str(params["password"])
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(file)]
        for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
            if params.get(key):
                command += [flag, str(params[key])]
        command.append(params.get("dbname") or connection.settings_dict["NAME"])
        # Built from Gateway's own database settings, never from a request.
        result = subprocess.run(  # noqa: S603
            command, env=environment, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            file.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")

    def _sqlite_backup(self, file):
        connection.ensure_connection()
        target = sqlite3.connect(file)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
