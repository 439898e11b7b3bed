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
