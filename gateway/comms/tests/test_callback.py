"""Delivery receipts from Notify: only with the right bearer token, and never backwards."""

import json

import pytest
from django.urls import reverse

from gateway.comms.models import Message

pytestmark = pytest.mark.django_db
Status = Message.Status
TOKEN = "callback-secret-3f9a1c"


@pytest.fixture
def sent_text(fake_notify, queue, practice, settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    return queue("text", practice, phone_number="07700900123")


def post(client, message, status, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(
        reverse("comms:notify-callback"),
        data=json.dumps(
            {"id": message.notify_id, "reference": message.reference, "status": status}
        ),
        content_type="application/json",
        **headers,
    )


def test_callback_with_a_wrong_token_is_refused(client, sent_text):
    response = post(client, sent_text, "delivered", token="wrong")
    assert response.status_code == 401
    sent_text.refresh_from_db()
    assert sent_text.status == Status.SENDING


def test_callback_without_a_token_is_refused(client, sent_text):
    assert post(client, sent_text, "delivered", token=None).status_code == 401


def test_callback_is_refused_when_no_token_is_configured(client, sent_text, settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert post(client, sent_text, "delivered", token="").status_code == 401


def test_callback_with_the_right_token_updates_the_status(client, sent_text):
    response = post(client, sent_text, "permanent-failure")
    assert response.status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.status == Status.PERMANENT_FAILURE
    assert sent_text.attempts_made.last().error == "Notify status: permanent-failure"


def test_a_late_sending_receipt_does_not_undo_delivered(client, sent_text):
    post(client, sent_text, "delivered")
    post(client, sent_text, "sending")
    sent_text.refresh_from_db()
    assert sent_text.status == Status.DELIVERED


def test_callback_needs_no_sign_in_or_csrf_token(sent_text):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), sent_text, "temporary-failure")
    assert response.status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.status == Status.TEMPORARY_FAILURE


# --- Only messages Notify accepted; replays ignored; every report audited (hazard H51) -----


def reports(message=None):
    from gateway.audit.models import AuditEvent

    rows = AuditEvent.objects.filter(detail__via="notify-callback").order_by("id")
    if message is not None:
        rows = rows.filter(object_id=str(message.public_id))
    return [row.detail["outcome"] for row in rows]


def test_a_callback_is_audited_with_what_it_changed(client, sent_text):
    from gateway.audit.models import AuditEvent

    post(client, sent_text, "delivered")
    row = AuditEvent.objects.get(detail__via="notify-callback")
    assert row.action == "state_change"
    assert row.object_id == str(sent_text.public_id)
    assert row.changed_fields == ["status"]
    assert row.detail == {
        "via": "notify-callback",
        "outcome": "applied",
        "notify_status": "delivered",
        "previous": "sending",
    }


def test_a_replayed_callback_is_ignored_and_audited(client, sent_text):
    assert post(client, sent_text, "delivered").status_code == 200
    sent_text.refresh_from_db()
    changed_at, attempts = sent_text.status_changed_at, sent_text.attempts_made.count()

    assert post(client, sent_text, "delivered").status_code == 200  # the same report again
    assert post(client, sent_text, "sent").status_code == 200  # an older one, late

    sent_text.refresh_from_db()
    assert sent_text.status == Status.DELIVERED
    assert sent_text.status_changed_at == changed_at
    assert sent_text.attempts_made.count() == attempts
    assert reports(sent_text) == ["applied", "ignored", "ignored"]


def test_a_status_for_a_message_never_sent_to_notify_is_refused(client, queue, practice, settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    held = queue("text", practice, phone_number="07700900123")  # no Notify key: held here
    assert held.notify_id == ""
    for payload in (
        {"reference": held.reference, "status": "delivered"},
        {"id": "", "reference": held.reference, "status": "delivered"},
        {"id": "made-up-id", "reference": held.reference, "status": "delivered"},
    ):
        response = client.post(
            reverse("comms:notify-callback"),
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        )
        assert response.status_code == 200  # Notify would otherwise retry for hours
    held.refresh_from_db()
    assert held.status == Status.HELD_IN_OUTBOX
    assert not held.attempts_made.filter(outcome="status").exists()
    assert reports() == ["refused", "refused", "refused"]


def test_a_callback_naming_another_messages_reference_is_refused(
    client, sent_text, queue, practice
):
    other = queue("text", practice, phone_number="07700900456")
    response = client.post(
        reverse("comms:notify-callback"),
        data=json.dumps(
            {"id": sent_text.notify_id, "reference": other.reference, "status": "delivered"}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert response.status_code == 200
    sent_text.refresh_from_db()
    other.refresh_from_db()
    assert sent_text.status == other.status == Status.SENDING
    assert reports() == ["refused"]
