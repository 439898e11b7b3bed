"""Sending through GOV.UK Notify with the real client against a local fake of its API."""

import base64
import json

import pytest
from django.db import transaction

from gateway.comms import outbox, services
from gateway.comms.delivery import deliver
from gateway.comms.models import DeliveryAttempt, Message
from gateway.comms.tasks import poll_letter_statuses, send_message
from tests import factories

pytestmark = pytest.mark.django_db
Status = Message.Status
Outcome = DeliveryAttempt.Outcome


def outcomes(message):
    return list(message.attempts_made.values_list("outcome", flat=True))


def test_accepted_letter_records_notify_id_and_sending(fake_notify, queue, practice):
    message = queue("letter", practice)
    assert message.status == Status.SENDING
    assert message.notify_id == fake_notify.sent[0]["id"]
    assert message.sent_at is not None
    payload = fake_notify.sent[0]["payload"]
    assert payload["reference"] == message.reference
    assert base64.b64decode(payload["content"]).startswith(b"%PDF")
    assert outcomes(message) == [Outcome.ACCEPTED]


def test_rate_limited_then_accepted_is_sent_once(fake_notify, queue, practice):
    fake_notify.answer_next_sends(429)
    message = queue("letter", practice)
    assert len(fake_notify.sends) == 2
    assert len(fake_notify.sent) == 1
    assert message.status == Status.SENDING
    assert outcomes(message) == [Outcome.RETRY, Outcome.ACCEPTED]
    assert message.attempts_made.first().status_code == 429


def test_server_errors_are_retried_until_accepted(fake_notify, queue, practice):
    fake_notify.answer_next_sends(500, 503)
    message = queue("text", practice, phone_number="07700900123")
    assert len(fake_notify.sent) == 1
    assert outcomes(message) == [Outcome.RETRY, Outcome.RETRY, Outcome.ACCEPTED]
    assert message.notify_id == fake_notify.sent[0]["id"]


def test_repeated_server_errors_give_up_after_the_limit(fake_notify, queue, practice):
    fake_notify.answer_next_sends(500, 500, 500, 500, 500)
    message = queue("text", practice, phone_number="07700900123")
    assert len(fake_notify.sends) == 4  # NOTIFY_MAX_ATTEMPTS in the fixture
    assert message.status == Status.TECHNICAL_FAILURE
    assert fake_notify.sent == []
    assert "gave up after 4 tries" in message.attempts_made.last().error


@pytest.mark.parametrize("code", [400, 403])
def test_refused_request_is_a_permanent_failure_and_not_retried(fake_notify, queue, practice, code):
    fake_notify.answer_next_sends(code)
    message = queue("email", practice, email_address="alex@example.com")
    assert len(fake_notify.sends) == 1
    assert message.status == Status.PERMANENT_FAILURE
    attempt = message.attempts_made.get()
    assert (attempt.outcome, attempt.status_code) == (Outcome.FAILED, code)
    assert "alex@example.com" not in attempt.error


def test_crash_after_notify_accepted_does_not_send_again(fake_notify, queue, practice):
    # The worker claimed the message and Notify accepted it, then the worker died before
    # saving the answer: the claim is committed, the notify id is not.
    message = queue("letter", practice, run=False)
    Message.objects.filter(pk=message.pk).update(attempts=1)
    earlier_id = fake_notify.already_has(message.reference)
    send_message.enqueue(message.pk)
    message.refresh_from_db()
    assert fake_notify.sends == []
    assert message.notify_id == earlier_id
    assert message.status == Status.SENDING
    assert outcomes(message) == [Outcome.ALREADY_SENT]


def test_a_sent_message_is_never_sent_twice(fake_notify, queue, practice):
    message = queue("letter", practice)
    assert deliver(message.pk) is None
    send_message.enqueue(message.pk)
    assert len(fake_notify.sends) == 1


def test_requests_to_notify_hold_no_personal_data_outside_the_letter(fake_notify, queue):
    practice = factories.PracticeFactory(address="1 High Street\nBrighton")
    patient = factories.PatientFactory(given_name="Morwenna", family_name="Pengelly")
    lines = ["Morwenna Pengelly", "4 Sea View", "Hove", "BN3 2PF"]
    message = queue("letter", practice, patient=patient, address_lines=lines)
    assert message.notify_id
    assert message.reference.startswith("gw-")
    for request in fake_notify.requests:
        body = json.loads(request["body"]) if request["body"] else {}
        body.pop("content", None)  # the letter itself must carry the address
        seen = f"{request['path']}?{request['query']} {json.dumps(body)}"
        for secret in ("Morwenna", "Pengelly", patient.nhs_number, "BN3 2PF", "BN3"):
            assert secret not in seen


def test_texts_and_emails_use_the_generic_templates(fake_notify, queue, practice, settings):
    queue("text", practice, phone_number="07700900123")
    queue("email", practice, email_address="alex@example.com")
    text, email = (s["payload"] for s in fake_notify.sent)
    assert text["template_id"] == settings.NOTIFY_TEMPLATE_TEXT
    assert text["personalisation"] == {"body": "Your review is on 3 March."}
    assert email["template_id"] == settings.NOTIFY_TEMPLATE_EMAIL
    assert email["personalisation"] == {"subject": "Review", "body": "Your review is on 3 March."}


def test_no_fixed_abode_letter_is_held_and_never_sent(fake_notify, queue, practice):
    message = queue("letter", practice, address_lines=["Alex Taylor", "No fixed abode", "Brighton"])
    assert message.status == Status.HELD_IN_OUTBOX
    assert "no fixed abode" in message.hold_reason
    assert fake_notify.requests == []
    assert message.pdf  # staff can still print it to hand over


def test_letter_without_a_postcode_is_held(fake_notify, queue, practice):
    message = queue("letter", practice, address_lines=["Alex Taylor", "1 Road", "Brighton"])
    assert message.status == Status.HELD_IN_OUTBOX
    assert "postcode" in message.hold_reason
    assert fake_notify.requests == []


def test_without_a_notify_key_messages_stay_in_the_outbox(queue, practice, settings):
    settings.NOTIFY_API_KEY = ""
    message = queue("letter", practice)
    assert message.status == Status.HELD_IN_OUTBOX
    assert "Notify is not set up" in message.hold_reason
    attempt = message.attempts_made.get()
    assert (attempt.channel, attempt.outcome) == ("local_outbox", Outcome.HELD)


def test_polling_updates_letters_still_on_their_way(fake_notify, queue, practice):
    message = queue("letter", practice)
    fake_notify.set_status(message.notify_id, "received")
    poll_letter_statuses.enqueue()
    message.refresh_from_db()
    assert message.status == Status.SENT
    fake_notify.set_status(message.notify_id, "validation-failed")
    poll_letter_statuses.enqueue()
    message.refresh_from_db()
    assert message.status == Status.PERMANENT_FAILURE


@pytest.mark.django_db(transaction=True)
def test_queueing_outside_a_transaction_is_refused(practice):
    with pytest.raises(outbox.NotInTransaction):
        services.queue_text(
            None,
            practice,
            template="comms/plain",
            context={"text": "Hi"},
            phone_number="07700900123",
        )


def test_no_message_when_the_change_that_caused_it_is_rolled_back(practice):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        services.queue_text(
            None,
            practice,
            template="comms/plain",
            context={"text": "Hi"},
            phone_number="07700900123",
        )
        raise Undo
    assert not Message.objects.exists()
