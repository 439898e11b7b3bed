"""On PostgreSQL Gateway runs as a role that can only add and read audit rows and their seals
(ADR 0034, 0047).

The test makes a fresh database the way a deployment does: scripts/postgres-roles.sql (run
with psql) creates the owner and application roles, `manage.py migrate` runs as the owner
(MIGRATION_DATABASE_URL) and the application (DATABASE_URL) then writes audit rows. Then it
plays the application's credentials in an attacker's hands: switching the append-only
triggers off, updating, deleting and emptying the audit table must all be refused by
PostgreSQL's privileges, not just by the triggers."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[3]
ROLES_SCRIPT = REPO / "scripts" / "postgres-roles.sql"
# CI sets this on its PostgreSQL run, so a machine without psql or the rights to make roles
# fails the run instead of quietly skipping the proof.
REQUIRED = os.environ.get("GATEWAY_REQUIRE_DATABASE_ROLES_TEST") == "1"


def _cannot_run(reason):
    if REQUIRED:
        pytest.fail(f"GATEWAY_REQUIRE_DATABASE_ROLES_TEST is set but {reason}")
    pytest.skip(reason)


ATTEMPTS = {
    "disable the append-only trigger": (
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
    ),
    "drop the append-only trigger": "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent",
    "take ownership": "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
    "update a row": "UPDATE audit_auditevent SET actor_name = 'Someone innocent'",
    "delete rows": "DELETE FROM audit_auditevent",
    "empty the table": "TRUNCATE audit_auditevent",
    "stop triggers firing": "SET session_replication_role = replica",
    "disable the seals' append-only trigger": (
        "ALTER TABLE audit_auditseal DISABLE TRIGGER audit_auditseal_append_only"
    ),
    "update a seal": "UPDATE audit_auditseal SET hash = md5(hash) || md5(hash)",
    "delete seals": "DELETE FROM audit_auditseal",
    "empty the seal table": "TRUNCATE audit_auditseal",
}


def _server():
    database = settings.DATABASES["default"]
    return {
        "host": database.get("HOST") or "127.0.0.1",
        "port": str(database.get("PORT") or 5432),
        "user": database.get("USER") or "postgres",
        "password": database.get("PASSWORD") or "",
    }


def _url(server, user, dbname):
    return f"postgres://{user}@{server['host']}:{server['port']}/{dbname}"


def _environment(**extra):
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    environment = {key: os.environ[key] for key in keep if key in os.environ}
    environment.update(DJANGO_SETTINGS_MODULE="gateway.config.settings.test", **extra)
    return environment


def _manage(args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def deployed_database():
    """A database made by scripts/postgres-roles.sql and migrated as its owner; yields
    (server, owner, app, dbname). Dropped, with its roles, afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("Database roles are PostgreSQL's; SQLite has one user (the demo's file)")
    if shutil.which("psql") is None:
        _cannot_run("psql (the PostgreSQL client) is needed to run scripts/postgres-roles.sql")
    server = _server()
    admin = psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in server.items() if v}
    )
    can_create = admin.execute(
        "SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles "
        "WHERE rolname = current_user"
    ).fetchone()[0]
    if not can_create:
        admin.close()
        _cannot_run("the test database's user cannot create roles and databases")
    suffix = secrets.token_hex(4)
    owner, app, dbname = f"gw_owner_{suffix}", f"gw_app_{suffix}", f"gw_roles_{suffix}"
    try:
        made = subprocess.run(
            [
                "psql",
                "-X",
                "-q",
                "-h",
                server["host"],
                "-p",
                server["port"],
                "-U",
                server["user"],
                "-d",
                "postgres",
                "-v",
                f"dbname={dbname}",
                "-v",
                f"owner={owner}",
                "-v",
                f"app={app}",
                "-f",
                str(ROLES_SCRIPT),
            ],
            env={**os.environ, "PGPASSWORD": server["password"]},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert made.returncode == 0, made.stderr
        migrated = _manage(
            ["migrate", "--noinput", "-v", "0"],
            DATABASE_URL=_url(server, app, dbname),
            MIGRATION_DATABASE_URL=_url(server, owner, dbname),
        )
        assert migrated.returncode == 0, migrated.stderr
        yield server, owner, app, dbname
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{app}"')
        admin.execute(f'DROP ROLE IF EXISTS "{owner}"')
        admin.close()


def _connect_as(server, user, dbname):
    return psycopg.connect(
        host=server["host"], port=server["port"], user=user, dbname=dbname, autocommit=True
    )


def test_migrations_run_as_the_owner_role_and_the_app_role_owns_nothing(deployed_database):
    server, owner, app, dbname = deployed_database
    with _connect_as(server, app, dbname) as conn:
        owners = {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            )
        }
        assert owners == {owner}
        for table in ["audit_auditevent", "audit_auditseal"]:
            audit_rights = conn.execute(
                "SELECT privilege FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', "
                "'TRUNCATE', 'TRIGGER', 'REFERENCES']) AS privilege "
                "WHERE has_table_privilege(current_user, %s, privilege)",
                [table],
            ).fetchall()
            assert [row[0] for row in audit_rights] == ["SELECT", "INSERT"], table
        # Every other table stays writable: the application still works.
        assert conn.execute(
            "SELECT has_table_privilege(current_user, 'patients_patient', 'UPDATE') "
            "AND has_table_privilege(current_user, 'patients_patient', 'DELETE')"
        ).fetchone()[0]


def test_the_app_role_writes_and_seals_audit_rows_that_verify(deployed_database):
    server, owner, app, dbname = deployed_database
    script = (
        "from gateway.audit import services as audit; "
        "from django.core.management import call_command; "
        "[audit.record('view', object_type='tests.AsTheAppRole') for _ in range(3)]; "
        "call_command('audit_seal'); "
        "audit.record('view', object_type='tests.AsTheAppRole'); "
        "call_command('audit_anchor'); "
        "call_command('audit_verify')"
    )
    result = _manage(["shell", "-c", script], DATABASE_URL=_url(server, app, dbname))
    assert result.returncode == 0, result.stderr
    assert "Sealed 3 audit rows." in result.stdout
    assert "Audit trail intact: 4 rows checked" in result.stdout


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_the_app_role_cannot_switch_off_the_audit_triggers_nor_change_or_remove_rows_or_seals(
    deployed_database, attempt
):
    server, owner, app, dbname = deployed_database
    with _connect_as(server, app, dbname) as conn:
        conn.execute(
            "INSERT INTO audit_auditevent (occurred_at, actor_name, action, object_type, "
            "object_id, changed_fields, detail, request_id) "
            "VALUES (now(), 'x', 'view', '', '', '[]', '{}', '')",
        )
        conn.execute(
            "INSERT INTO audit_auditseal (position, event_id, previous_hash, hash, key_id) "
            "SELECT COALESCE((SELECT max(position) FROM audit_auditseal), 0) + 1, max(id), "
            "'', %s, '' FROM audit_auditevent",
            [secrets.token_hex(32)],
        )
        state = (
            "SELECT (SELECT count(*) FROM audit_auditevent), "
            "(SELECT max(actor_name) FROM audit_auditevent), "
            "(SELECT count(*) FROM audit_auditseal), (SELECT max(hash) FROM audit_auditseal)"
        )
        rows = conn.execute(state).fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(ATTEMPTS[attempt])
        assert conn.execute(state).fetchone() == rows
