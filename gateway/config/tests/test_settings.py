"""Production settings pass Django's deployment checks with no warnings, and refuse to start
when they would be unsafe: demo mode on, or no real secret key. Each case runs in a fresh
Python process, exactly as a server would start, with only the environment it is given."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PRODUCTION = "gateway.config.settings.production"
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def server_environment(tmp_path, **env):
    """Only what a server would be given: nothing from this test run's environment (other
    tests set variables such as DJANGO_ALLOW_ASYNC_UNSAFE that deploy checks rightly reject)."""
    environment = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    environment.update(GATEWAY_VAR_DIR=str(tmp_path), **env)
    return environment


def servers_own():
    """A production server's host and address, and its keys: each its own, random, long."""
    return {
        "ALLOWED_HOSTS": "gateway.example.nhs.uk",
        "SITE_URL": "https://gateway.example.nhs.uk",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "PORTAL_CODE_KEY": secrets.token_urlsafe(40),
        "AUDIT_CHAIN_KEY": secrets.token_urlsafe(32),
        "AUDIT_ANCHOR_KEY": secrets.token_urlsafe(32),
        "MFA_SECRET_KEY": secrets.token_urlsafe(32),
    }


def run(args, tmp_path, **env):
    """`args` run as a production server would start, with what it is given changed by `env`."""
    environment = {"DJANGO_SETTINGS_MODULE": PRODUCTION, **servers_own(), **env}
    return python(args, server_environment(tmp_path, **environment))


def python(args, environment):
    """Python run with `args` in the repository, with `environment` and nothing else."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_value(tmp_path, expression, **env):
    """What the Python `expression` is in a fresh production process given `env`: over `s`,
    the settings, and `d`, the default database's."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"d = s.DATABASES['default']; print(json.dumps({expression}))"
    )
    result = run(["-c", script], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production_settings(tmp_path, **env):
    names = [
        "DEBUG", "DEMO_MODE", "TIME_ZONE", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "SESSION_COOKIE_NAME",
    ]  # fmt: skip
    return production_value(tmp_path, f"{{k: getattr(s, k) for k in {names!r}}}", **env)


def test_deployment_checks_pass_with_no_warnings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, DEMO_MODE="0"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", ["1", "true", "yes", "on"])
def test_production_refuses_to_start_in_demo_mode(tmp_path, value):
    result = run(["manage.py", "check"], tmp_path, DEMO_MODE=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEMO_MODE" in result.stderr


@pytest.mark.parametrize("secret", ["", "too-short-to-be-a-real-secret"])
def test_production_refuses_to_start_without_a_long_secret_key(tmp_path, secret):
    result = run(["manage.py", "check"], tmp_path, SECRET_KEY=secret)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["", "short", "same"])
def test_production_refuses_to_start_without_its_own_portal_code_key(tmp_path, key):
    secret = secrets.token_urlsafe(64)
    result = run(
        ["manage.py", "check"],
        tmp_path,
        SECRET_KEY=secret,
        PORTAL_CODE_KEY=secret if key == "same" else key,
    )
    assert result.returncode != 0
    assert "PORTAL_CODE_KEY" in result.stderr


@pytest.mark.parametrize("name", ["AUDIT_CHAIN_KEY", "AUDIT_ANCHOR_KEY"])
@pytest.mark.parametrize("key", ["", "short-audit-key"])
def test_production_refuses_to_start_without_long_audit_keys(tmp_path, name, key):
    """The audit chain is only evidence if its keys are secret and outside the database
    (ADR 0034)."""
    result = run(["manage.py", "check"], tmp_path, **{name: key})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be set to at least 32 random characters" in result.stderr


def test_production_refuses_audit_keys_equal_to_the_secret_key(tmp_path):
    """Rotating SECRET_KEY must not break the audit chain, nor one key give away another."""
    shared = secrets.token_urlsafe(64)
    result = run(["manage.py", "check"], tmp_path, SECRET_KEY=shared, AUDIT_CHAIN_KEY=shared)
    assert result.returncode != 0
    assert "must all differ" in result.stderr


def test_production_keeps_debug_off_and_cookies_secure_whatever_the_environment_says(tmp_path):
    settings = production_settings(tmp_path, DEBUG="1")
    assert settings["DEBUG"] is False
    assert settings["DEMO_MODE"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_settings_come_from_the_environment_with_uk_time_by_default(tmp_path):
    settings = production_settings(tmp_path, ALLOWED_HOSTS="a.example.nhs.uk, b.example.nhs.uk")
    assert settings["ALLOWED_HOSTS"] == ["a.example.nhs.uk", "b.example.nhs.uk"]
    assert settings["TIME_ZONE"] == "Europe/London"


def test_env_example_documents_every_setting_read_from_the_environment():
    names = set()
    for module in ["base.py", "production.py", "local.py"]:
        source = (REPO / "gateway" / "config" / "settings" / module).read_text()
        names |= set(re.findall(r"env(?:_bool|_list)?\(\s*\"([A-Z0-9_]+)\"", source))
        names |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z0-9_]+)\"", source))
    example = (REPO / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert names - {"DJANGO_SETTINGS_MODULE"} <= documented, names - documented
    # Each setting has a comment line right above it saying what it is for.
    lines = example.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", line):
            above = lines[i - 1] if i else ""
            assert above.startswith("# ") and not re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", above), line


@pytest.mark.parametrize("key", ["", "short-mfa-key"])
def test_production_refuses_to_start_without_a_long_mfa_secret_key(tmp_path, key):
    """Authenticator secrets are encrypted with a key outside the database (ADR 0046)."""
    result = run(["manage.py", "check"], tmp_path, MFA_SECRET_KEY=key)
    assert result.returncode != 0
    assert "MFA_SECRET_KEY" in result.stderr


def _database_settings(tmp_path, **env):
    return production_value(
        tmp_path,
        "[d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('DISABLE_SERVER_SIDE_CURSORS', False)]",
        **env,
    )


def test_production_keeps_database_connections_for_a_minute_with_health_checks(tmp_path):
    """docs/adr/0043-lists-that-stay-fast.md: no new connection for every request."""
    assert _database_settings(tmp_path) == [60, True, False]
    assert _database_settings(tmp_path, DATABASE_CONN_MAX_AGE="0") == [0, True, False]


def test_behind_a_transaction_pooler_production_keeps_no_connection_and_no_cursor(tmp_path):
    """docs/operations/deployment.md: PgBouncer in transaction mode hands each transaction to
    any server connection, so a kept connection or a server-side cursor would be wrong."""
    assert _database_settings(tmp_path, DATABASE_TRANSACTION_POOLER="1") == [0, True, True]


# --- manage.py: production unless told otherwise (issue 16, item 9; hazard H51) ------------


def test_checking_migrations_needs_no_servers_secrets(tmp_path):
    """makemigrations reads only the code: it runs without DJANGO_SETTINGS_MODULE or keys."""
    result = python(
        ["manage.py", "makemigrations", "--check", "--dry-run"], server_environment(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_manage_py_uses_production_settings_unless_told_otherwise(tmp_path):
    script = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    result = python(
        ["manage.py", "shell", "-c", script],
        server_environment(tmp_path, **servers_own()),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [PRODUCTION, "False"]


def test_manage_py_without_settings_or_a_secret_refuses_to_start(tmp_path):
    """A server started with nothing set does not quietly run the demo's settings."""
    result = python(["manage.py", "check"], server_environment(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_https_site_url(tmp_path):
    for site_url in ("", "http://gateway.example.nhs.uk"):
        result = run(["manage.py", "check"], tmp_path, SITE_URL=site_url)
        assert result.returncode != 0
        assert "SITE_URL" in result.stderr


def test_the_makefile_runs_manage_py_with_local_settings_for_the_demo():
    result = subprocess.run(
        ["make", "-n", "run", "demo-code"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert len(commands) >= 6
    for line in commands:
        assert "DJANGO_SETTINGS_MODULE=gateway.config.settings.local" in line, line


def _database_options(tmp_path, **env):
    return production_value(tmp_path, "d.get('OPTIONS', {}).get('options')", **env)


def test_postgresql_connections_run_without_the_jit_compiler(tmp_path):
    """ADR 0052: JIT compiling cost 17.7 s of a 20.7 s dashboard statement; Gateway's
    connections turn it off, and behind a pooler (no start-up options) the role does."""
    postgres = "postgres://gateway_app@db.internal:5432/gateway"
    assert _database_options(tmp_path, DATABASE_URL=postgres) == "-c jit=off"
    pooled = _database_options(tmp_path, DATABASE_URL=postgres, DATABASE_TRANSACTION_POOLER="1")
    assert pooled is None
    roles = (REPO / "scripts" / "postgres-roles.sql").read_text()
    assert 'ALTER ROLE :"app" SET jit = off;' in roles


def test_postgresql_prepares_only_what_is_asked_and_nothing_behind_a_pooler(tmp_path):
    """ADR 0070: the statements marked as planned once are prepared on the server (psycopg
    prepares nothing else); behind a transaction pooler nothing is, as the next statement may
    reach a server connection that never saw the PREPARE; SQLite has none."""
    postgres = "postgres://gateway_app@db.internal:5432/gateway"
    expression = "[s.DATABASE_PREPARED_STATEMENTS, d.get('OPTIONS', {}).get('prepare_threshold')]"
    assert production_value(tmp_path, expression, DATABASE_URL=postgres) == [True, 2**31 - 1]
    pooled = production_value(
        tmp_path, expression, DATABASE_URL=postgres, DATABASE_TRANSACTION_POOLER="1"
    )
    assert pooled == [False, None]
    turned_off = production_value(
        tmp_path, expression, DATABASE_URL=postgres, DATABASE_PREPARED_STATEMENTS="0"
    )
    assert turned_off == [False, None]
    assert production_value(tmp_path, expression, DATABASE_URL="sqlite:///x.db") == [False, None]


def test_bench_serves_requests_as_production_does(tmp_path):
    """`make bench` times Gateway, not the test harness: its settings keep the test settings'
    demo users and keys but serve a request the way production does."""
    expression = (
        "{'middleware': s.MIDDLEWARE, 'tasks': s.TASKS['default']['BACKEND'], "
        "'conn_max_age': d['CONN_MAX_AGE'], 'health_checks': d['CONN_HEALTH_CHECKS'], "
        "'demo': s.DEMO_MODE}"
    )
    production = production_value(tmp_path, expression)
    bench, test = (
        production_value(tmp_path, expression, DJANGO_SETTINGS_MODULE=module, DEMO_MODE="1")
        for module in ("gateway.config.settings.bench", "gateway.config.settings.test")
    )
    # The test suite's page checks parse every page; production and the bench do not.
    assert "gateway.core.page_checks.PageChecksMiddleware" in test["middleware"]
    assert bench["middleware"] == production["middleware"]
    # Tasks are queued for the task workers, not run inside the request or the daily job.
    assert test["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert bench["tasks"] == production["tasks"] == "django_tasks_db.DatabaseBackend"
    # A connection is kept between requests and checked before reuse, as in production.
    assert bench["conn_max_age"] == production["conn_max_age"] == 60
    assert bench["health_checks"] is production["health_checks"] is True
    # The bench still signs in as the demo's staff.
    assert bench["demo"] is True
