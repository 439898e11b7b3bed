"""Fault: GOV.UK Notify is down for an hour (every request answered 503, time moved with
time_machine). Messages wait, retried with backoff, and each goes exactly once when Notify
is back (issue 16 item 10, ADR 0046, hazard H58)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import transaction

from gateway.comms import services
from gateway.comms.delivery import deliver
from gateway.comms.models import DeliveryAttempt, Message

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LETTER = {
    "greeting": "Alex",
    "heading": "Your appointment",
    "paragraphs": ["Please come to the practice on Monday."],
    "sender_name": "The practice team",
}
ADDRESS = ["Ms Alex Taylor", "Flat 2", "10 Queens Road", "Brighton", "BN1 3XE"]


def test_notify_down_for_an_hour_messages_wait_and_go_once(notify, practice):
    with time_machine.travel(START, tick=False) as traveller:
        notify.go_down_until(START.timestamp() + 3600)
        with transaction.atomic():
            letter = services.queue_letter(
                None, practice, template="comms/plain", context=LETTER, address_lines=ADDRESS
            )
            text = services.queue_text(
                None,
                practice,
                template="comms/plain",
                context={"text": "Your review is on 3 March.", "heading": "Review"},
                phone_number="07700900123",
            )
        waited = dict.fromkeys((letter.pk, text.pk), 0)
        due = {letter.pk: 0, text.pk: 0}  # seconds from now until each message's next try
        while due:
            step = min(due.values())
            traveller.shift(step)
            for pk in list(due):
                due[pk] -= step
                waited[pk] += step
                if due[pk] <= 0:
                    delay = deliver(pk)  # what the worker runs when the task falls due
                    if delay is None:
                        del due[pk]
                    else:
                        due[pk] = delay

    for pk in (letter.pk, text.pk):
        message = Message.objects.get(pk=pk)
        assert message.status == Message.Status.SENDING, message.status
        assert waited[pk] >= 3600  # it waited out the hour instead of failing
        assert message.attempts <= settings.NOTIFY_MAX_ATTEMPTS
        outcomes = list(message.attempts_made.values_list("outcome", flat=True))
        assert outcomes[-1] == DeliveryAttempt.Outcome.ACCEPTED
        assert set(outcomes[:-1]) == {DeliveryAttempt.Outcome.RETRY}
        assert deliver(pk) is None  # a late duplicate task does nothing
    # Each went exactly once.
    assert len(notify.sent) == 2
    assert sorted(s["payload"]["reference"] for s in notify.sent) == sorted(
        [letter.reference, text.reference]
    )
