"""Settings for `make bench` (benchmarks/bench.py): the test settings (demo users, fixed keys),
but serving each request the way production does, so the bench times Gateway, not the test
harness:
- no page checks (gateway.core.page_checks parses every page a test renders for empty boxes:
  a test-only cost that grows with the page, so it inflated every list against the trivial
  page; about a tenth of a 25-row list page, ADR 0057);
- the database task backend (the test settings run tasks inline, so a daily job timed there
  also timed every letter it queued for the task workers);
- persistent connections with health checks, as production.py keeps them;
- statements compiled once a process run as production runs them, not compared with the
  ORM's own on every request (a test-only check, gateway/core/prepared.py);
- an API token's rate limit far above what the bench asks of its one token: every request
  still counts itself against the limit (the same work as production), but the bench's few
  hundred a minute are measured answered, not refused with 429."""

import copy

from .test import *  # noqa: F403
from .test import DATABASES, MIDDLEWARE

# A copy: the test settings' own dictionary stays as it is if both modules are ever imported.
DATABASES = copy.deepcopy(DATABASES)

MIDDLEWARE = [m for m in MIDDLEWARE if m != "gateway.core.page_checks.PageChecksMiddleware"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
GATEWAY_CHECK_PREPARED = False
API_RATE_LIMIT_REQUESTS = 1_000_000
