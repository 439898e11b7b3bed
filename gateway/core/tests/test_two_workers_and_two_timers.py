"""Several task workers and several job timers on one database (docs/adr/0052,
docs/operations/deployment.md): two real `manage.py db_worker` processes share the queue and
never run the same task twice, and two real `manage.py run_schedule` timers between them run
each periodic job once.

On PostgreSQL the processes use the test database (a transactional test, so they see what is
committed); on SQLite, a file made by `manage.py migrate` in a temporary folder (the test
database is in memory, which another process cannot open). The workers claim tasks with
SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL and an exclusive transaction on SQLite.

It runs in `make test` (marked real_worker; not a browser test)."""

import collections
import json
import shutil
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.processes import manage, process_env, shell, start, start_worker, stop, wait_for

pytestmark = pytest.mark.real_worker
TASKS = 60

ENQUEUE_READY = """
from gateway.core.tests.worker_tasks import both_workers_ready
both_workers_ready.enqueue()
both_workers_ready.enqueue()
"""
ENQUEUE_RUNS = f"""
from gateway.core.tests.worker_tasks import record_run
for number in range({TASKS}):
    record_run.enqueue(number)
"""
TASK_STATES = """
import collections, json
from django_tasks_db.models import DBTaskResult
print(json.dumps(collections.Counter(DBTaskResult.objects.values_list("status", flat=True))))
"""


def database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A SQLite file made by `manage.py migrate` once for this module; each test copies it."""
    folder = tmp_path_factory.mktemp("migrated")
    database_url = f"sqlite:///{folder / 'gateway.sqlite3'}"
    manage(process_env(folder, DATABASE_URL=database_url), "migrate", "--noinput")
    return folder


@pytest.fixture
def env(request, tmp_path):
    """The environment for Gateway processes sharing one database with this test."""
    runs = tmp_path / "runs"
    runs.mkdir()
    env = process_env(tmp_path, GATEWAY_TEST_RUNS_DIR=str(runs))
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        env["DATABASE_URL"] = database_url()
    else:
        migrated = request.getfixturevalue("migrated_sqlite")
        for made in migrated.glob("gateway.sqlite3*"):
            shutil.copy(made, tmp_path / made.name)
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'gateway.sqlite3'}"
    return env


def lines(path):
    return path.read_text().split("\n")[:-1] if path.exists() else []


def test_two_task_workers_never_run_the_same_task_twice(env):
    runs = Path(env["GATEWAY_TEST_RUNS_DIR"])
    shell(env, ENQUEUE_READY)
    workers = [start_worker(env) for _ in range(2)]
    try:
        # Each worker holds one "ready" task until the other has taken its copy: both are up.
        wait_for(lambda: len(set(lines(runs / "ready"))) == 2, 180, "both workers to start")
        shell(env, ENQUEUE_RUNS)
        wait_for(lambda: len(lines(runs / "runs")) >= TASKS, 180, "every task to run")
        time.sleep(1)  # time enough for any task run twice to show
    finally:
        for worker in workers:
            stop(worker)

    ran = [line.split() for line in lines(runs / "runs")]
    times_run = collections.Counter(number for number, _ in ran)
    assert sorted(times_run, key=int) == [str(n) for n in range(TASKS)]
    assert set(times_run.values()) == {1}, "a task ran more than once"
    took = collections.Counter(pid for _, pid in ran)
    assert set(took) == {str(w.pid) for w in workers}, f"one worker took every task: {took}"
    states = json.loads(shell(env, TASK_STATES))
    assert states == {"SUCCESSFUL": TASKS + 2}


def test_two_job_timers_between_them_run_each_job_once(env, settings):
    timers = [start(env, "run_schedule", "--once", output=True) for _ in range(2)]
    try:
        outputs = [timer.communicate(timeout=300)[0] for timer in timers]
    finally:
        for timer in timers:
            stop(timer)
    ran = collections.Counter(
        name
        for output in outputs
        for line in output.splitlines()
        if line.startswith("ran: ")
        for name in line.removeprefix("ran: ").split(", ")
    )
    assert ran == {name: 1 for name, _ in settings.SCHEDULED_JOBS}
