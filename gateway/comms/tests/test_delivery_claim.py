"""The Notify call holds no database lock (ADR 0046): the message is claimed with a
conditional UPDATE, Notify is called outside any transaction, and the answer is recorded
only while the claim is still the worker's own."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from gateway.comms import delivery
from gateway.comms.channels import NotifyChannel
from gateway.comms.models import DeliveryAttempt, Message
from gateway.comms.tasks import resume_stuck

Status = Message.Status


@pytest.mark.django_db(transaction=True)
def test_notify_is_called_outside_any_transaction(fake_notify, queue, practice):
    seen = {}
    real_call = NotifyChannel.call

    def spy(channel, message):
        seen["in_transaction"] = connection.in_atomic_block
        stored = Message.objects.values("attempts", "claimed_at").get(pk=message.pk)
        seen["claimed"] = stored
        return real_call(channel, message)

    with mock.patch.object(NotifyChannel, "call", spy):
        message = queue("letter", practice)

    assert seen["in_transaction"] is False
    # The claim was committed before the call: attempts counted, claimed by this worker.
    assert seen["claimed"]["attempts"] == 1
    assert seen["claimed"]["claimed_at"] is not None
    # Recording the answer released the claim.
    assert (message.status, message.claimed_at) == (Status.SENDING, None)
    assert len(fake_notify.sent) == 1


@pytest.mark.django_db
def test_a_message_claimed_by_a_live_worker_is_not_sent_by_another(fake_notify, queue, practice):
    message = queue("letter", practice, run=False)
    assert delivery.claim(message.pk) is not None  # worker 1 is talking to Notify

    assert delivery.deliver(message.pk) is None  # worker 2 finds it claimed
    assert fake_notify.sends == []
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 1)


@pytest.mark.django_db
def test_an_answer_is_not_recorded_when_the_claim_was_taken_over(fake_notify, queue, practice):
    """Worker 1 was so slow its claim lapsed and worker 2 took the message over: worker 1's
    late answer must not overwrite what worker 2 records."""
    message = queue("letter", practice, run=False)
    real_call = NotifyChannel.call

    def slow_call(channel, msg):
        answer = real_call(channel, msg)
        Message.objects.filter(pk=msg.pk).update(claimed_at=timezone.now() + timedelta(hours=1))
        return answer

    with mock.patch.object(NotifyChannel, "call", slow_call):
        assert delivery.deliver(message.pk) is None

    message.refresh_from_db()
    assert (message.status, message.notify_id) == (Status.QUEUED, "")
    assert not DeliveryAttempt.objects.filter(message=message).exists()


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_is_released_by_resume_and_not_sent_twice(
    fake_notify, queue, practice
):
    message = queue("letter", practice, run=False)
    delivery.claim(message.pk)  # the worker claimed it, reached Notify, then died
    earlier_id = fake_notify.already_has(message.reference)
    Message.objects.filter(pk=message.pk).update(
        status_changed_at=timezone.now() - timedelta(hours=2),
        claimed_at=timezone.now() - timedelta(hours=2),
    )

    assert resume_stuck() == 1

    message.refresh_from_db()
    assert (message.status, message.notify_id, message.claimed_at) == (
        Status.SENDING,
        earlier_id,
        None,
    )
    assert fake_notify.sends == []  # asked Notify by reference, sent nothing again
    assert message.attempts == 2
