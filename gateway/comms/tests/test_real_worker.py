"""Killing the worker mid-send and restarting it neither loses nor duplicates a message
(ADR 0012). A real `manage.py db_worker` process sends a message to a
person through the database task queue, against a file-based SQLite database made by
`manage.py migrate` in a temporary folder; the fake Notify runs in a thread here and holds its
answer while the worker is killed with SIGKILL. After `resume_outbox` and a new worker, the
fake has exactly one notification, and the outbox knows its Notify id.

It runs in `make test` (marked real_worker; not a browser test)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .fake_notify import FakeNotify

pytestmark = pytest.mark.real_worker
ROOT = Path(__file__).resolve().parents[3]

SETUP = """
from django.db import transaction
from gateway.comms import routing
from gateway.patients.models import ContactRoute
from tests import factories

practice = factories.PracticeFactory()
patient = factories.PatientFactory(created_by_organisation=practice)
ContactRoute.objects.create(patient=patient, kind="mobile", phone_number="07700900123")
with transaction.atomic():
    message = routing.queue_for_patient(
        None, practice, patient=patient, template="comms/plain",
        context={"text": "Your review is on 3 March.", "heading": "Review"},
    )
print(message.pk)
"""


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def start_worker(env, *extra):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def rows(database, sql, *params):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


@pytest.fixture
def notify():
    fake = FakeNotify().start()
    yield fake
    fake.release()
    fake.stop()


def test_killing_the_worker_mid_send_neither_loses_nor_duplicates_a_message(tmp_path, notify):
    database = tmp_path / "gateway.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
        "DJANGO_SETTINGS_MODULE": "gateway.config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "GATEWAY_VAR_DIR": str(tmp_path),
        "NOTIFY_API_KEY": notify.api_key,
        "NOTIFY_BASE_URL": notify.url,
        "NOTIFY_TEMPLATE_TEXT": str(uuid.uuid4()),
        "NOTIFY_TEMPLATE_EMAIL": str(uuid.uuid4()),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    manage(env, "migrate", "--noinput")
    parent_id = int(manage(env, "shell", "-c", SETUP).stdout.strip().splitlines()[-1])

    # 1. The worker takes the message; Notify accepts it and holds its answer; SIGKILL.
    notify.hold_next_send()
    first = start_worker(env)
    try:
        assert notify.holding.wait(timeout=120), "the worker never reached Notify"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    notify.release()
    assert len(notify.sent) == 1
    (try_id, status, notify_id, attempts) = rows(
        database,
        "SELECT id, status, notify_id, attempts FROM comms_message WHERE parent_id = ?",
        parent_id,
    )[0]
    # Not lost: still waiting to be sent, claimed once, with no answer saved.
    assert (status, notify_id, attempts) == ("queued", "", 1)

    # 2. The job timer finds the message whose task died with the worker; a new worker runs.
    assert "Queued 1 message" in manage(env, "resume_outbox", "--older-than", "0").stdout
    second = start_worker(env, "--batch")
    try:
        second.wait(timeout=180)
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)

    # 3. Exactly one notification at Notify, and the outbox knows it.
    assert len(notify.sent) == 1
    assert len(notify.sends) == 1  # the restarted worker asked by reference, sent nothing
    ((status, notify_id),) = rows(
        database, "SELECT status, notify_id FROM comms_message WHERE id = ?", try_id
    )
    assert (status, notify_id) == ("sending", notify.sent[0]["id"])
    outcomes = [
        r[0]
        for r in rows(
            database,
            "SELECT outcome FROM comms_deliveryattempt WHERE message_id = ? ORDER BY id",
            try_id,
        )
    ]
    assert outcomes == ["already_sent"]
    ((parent_status,),) = rows(database, "SELECT status FROM comms_message WHERE id = ?", parent_id)
    assert parent_status == "sending"
