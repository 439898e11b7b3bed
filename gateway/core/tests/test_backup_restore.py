"""Backups restore (docs/operations/backups-and-keys.md): a copy made while Gateway runs is
restored into a fresh database, where the audit trail checks out and a letter opens with its
words. On PostgreSQL by pg_dump and pg_restore; on SQLite (the demo) by SQLite's own backup."""

import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pypdf import PdfReader

from gateway.comms import services
from gateway.comms.tests.conftest import ADDRESS, LETTER
from gateway.sas.tests.factories import OnScheme

REPO = Path(__file__).resolve().parents[3]

CHECK_RESTORED = """
import django, io, sys
django.setup()
from django.core.management import call_command
from gateway.comms.models import Message
from pypdf import PdfReader
call_command("audit_verify")
letter = Message.objects.get(public_id=sys.argv[1])
print("LETTER:" + PdfReader(io.BytesIO(bytes(letter.pdf))).pages[0].extract_text())
"""


def a_letter():
    scheme = OnScheme.awaiting_first_review()
    with transaction.atomic():
        letter = services.queue_letter(
            scheme.sas_user,
            scheme.sas_practice,
            template="comms/plain",
            context=LETTER,
            address_lines=ADDRESS,
            patient=scheme.episode.patient,
        )
    letter.refresh_from_db()
    words = PdfReader(io.BytesIO(bytes(letter.pdf))).pages[0].extract_text()
    return letter, words


def open_restored(database_url, letter):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gateway.config.settings.test",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK_RESTORED, str(letter.public_id)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_with_its_audit_trail_intact_and_letters_readable(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore back up PostgreSQL; SQLite has its own test")
    if shutil.which("pg_restore") is None:
        pytest.fail("The PostgreSQL client tools (pg_dump, pg_restore) must be installed")
    letter, words = a_letter()
    backup = tmp_path / "gateway.dump"

    call_command("backup_database", str(backup))

    params = connection.get_connection_params()
    target = f"restore_{uuid.uuid4().hex[:12]}"
    host, port = params.get("host") or "127.0.0.1", str(params.get("port") or 5432)
    server = ["--host", host, "--port", port, "--username", params.get("user") or "postgres"]
    subprocess.run(["createdb", *server, target], check=True)
    try:
        subprocess.run(
            [
                "pg_restore",
                *server,
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                target,
                str(backup),
            ],
            check=True,
            capture_output=True,
        )
        user = params.get("user") or "postgres"
        url = f"postgres://{user}@{host}:{port}/{target}"
        output = open_restored(url, letter)
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", target], check=False)
    assert "Audit trail intact" in output
    assert "LETTER:" + words.strip() in output.replace("\r", "")


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_of_the_demo_opens_with_its_audit_trail_intact_and_letters_readable(
    tmp_path,
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's backup is for the demo; PostgreSQL has its own test")
    letter, words = a_letter()
    backup = tmp_path / "gateway.sqlite3"

    call_command("backup_database", str(backup))

    output = open_restored(f"sqlite:///{backup}", letter)
    assert "Audit trail intact" in output
    assert "LETTER:" + words.strip() in output.replace("\r", "")


@pytest.mark.django_db
def test_a_backup_never_overwrites_an_earlier_one(tmp_path):
    earlier = tmp_path / "gateway.backup"
    earlier.write_bytes(b"yesterday")
    with pytest.raises(Exception, match="already exists"):
        call_command("backup_database", str(earlier))
    assert earlier.read_bytes() == b"yesterday"
