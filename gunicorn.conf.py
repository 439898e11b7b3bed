"""gunicorn's settings for Gateway's web server, each from the environment
(docs/operations/deployment.md, docs/adr/0052). gunicorn reads this file from the folder it
starts in (or `gunicorn -c gunicorn.conf.py`); an option on the command line overrides it.

    gunicorn gateway.config.wsgi

Sync workers, one request at a time each: Gateway's requests wait on PostgreSQL and render
templates, and a process per request keeps one database connection per worker (persistent
for DATABASE_CONN_MAX_AGE seconds) and no shared state between requests."""

import multiprocessing
import os


def number(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core and one more: while one worker waits on the database another uses the core.
workers = number("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# "sync" (the default) or "gthread" with GUNICORN_THREADS > 1 where memory is short: each
# thread then holds its own database connection.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = number("GUNICORN_THREADS", 1)
# A request still running after this many seconds is stopped (its worker restarted): the
# slowest pages take well under a second; long work (imports, exports of a whole record) runs
# in the task workers. Keep the proxy's read timeout a little longer than this.
timeout = number("GUNICORN_TIMEOUT", 60)
# On restart or deploy (SIGTERM), requests in flight get this long to finish.
graceful_timeout = number("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Each worker is replaced after about this many requests (spread by the jitter so they are not
# all replaced at once), so memory a library leaks cannot grow without end.
max_requests = number("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = number("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Behind a proxy that keeps connections open to gunicorn.
keepalive = number("GUNICORN_KEEPALIVE", 5)
# In a container, set GUNICORN_WORKER_TMP_DIR=/dev/shm: heartbeat files on an overlay disk
# can stall workers.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
# gunicorn's access log is off unless asked for ("-" for standard output). It holds URLs,
# which carry public ids: keep it as carefully as the application's own log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
