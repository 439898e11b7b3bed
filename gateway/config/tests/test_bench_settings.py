"""`make bench` times Gateway, not the test harness: its settings serve a request the way the
production settings do (same middleware, tasks left for the task workers, connections kept),
while keeping the test settings' demo users and fixed keys. Each settings module is read in a
fresh process, as the bench starts it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps({'middleware': s.MIDDLEWARE, "
    "'tasks': s.TASKS['default']['BACKEND'], 'conn_max_age': d['CONN_MAX_AGE'], "
    "'health_checks': d['CONN_HEALTH_CHECKS'], 'demo': s.DEMO_MODE}))"
)


def read_settings(module, tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        GATEWAY_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        ALLOWED_HOSTS="gateway.example.nhs.uk",
        SITE_URL="https://gateway.example.nhs.uk",
        SECRET_KEY=secrets.token_urlsafe(64),
        PORTAL_CODE_KEY=secrets.token_urlsafe(40),
        AUDIT_CHAIN_KEY=secrets.token_urlsafe(32),
        AUDIT_ANCHOR_KEY=secrets.token_urlsafe(32),
        MFA_SECRET_KEY=secrets.token_urlsafe(32),
        DEMO_MODE="0" if module.endswith("production") else "1",
    )
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_bench_serves_requests_as_production_does(tmp_path):
    bench = read_settings("gateway.config.settings.bench", tmp_path)
    production = read_settings("gateway.config.settings.production", tmp_path)
    test = read_settings("gateway.config.settings.test", tmp_path)

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
