"""Killing the worker mid-send and restarting it neither loses nor duplicates a message
(ADR 0012). A real `manage.py db_worker` process sends a message to a
person through the database task queue, against a file-based SQLite database made by
`manage.py migrate` in a temporary folder; the fake Notify runs in a thread here and holds its
answer while the worker is killed with SIGKILL. After `resume_outbox` and a new worker, the
fake has exactly one notification, and the outbox knows its Notify id.

It runs in `make test` (marked real_worker; not a browser test)."""

import sqlite3
import uuid

import pytest

from tests.processes import manage, process_env, shell, start_worker, stop

from .fake_notify import FakeNotify

pytestmark = pytest.mark.real_worker

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


def rows(database, sql, *params):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


@pytest.fixture
def notify():
    fake = FakeNotify().start()
    yield fake
    fake.release()
    fake.stop()


def test_killing_the_worker_mid_send_neither_loses_nor_duplicates_a_message(tmp_path, notify):
    database = tmp_path / "gateway.sqlite3"
    env = process_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{database}",
        NOTIFY_API_KEY=notify.api_key,
        NOTIFY_BASE_URL=notify.url,
        NOTIFY_TEMPLATE_TEXT=str(uuid.uuid4()),
        NOTIFY_TEMPLATE_EMAIL=str(uuid.uuid4()),
    )
    manage(env, "migrate", "--noinput")
    parent_id = int(shell(env, SETUP))

    # 1. The worker takes the message; Notify accepts it and holds its answer; SIGKILL.
    notify.hold_next_send()
    first = start_worker(env)
    try:
        assert notify.holding.wait(timeout=120), "the worker never reached Notify"
    finally:
        stop(first)  # SIGKILL, as a crash would
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
        stop(second)

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
