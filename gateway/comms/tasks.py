"""Background work (django-tasks): sending a message, and polling Notify for letters' status.

Sending is safe to run twice, or to be killed half way: the worker claims the message
(attempts + 1, committed) before talking to Notify, and any later try asks Notify about the
reference before sending again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task
from notifications_python_client.errors import APIError

from . import routing
from .channels import NotifyChannel, get_channel
from .delivery import deliver, release_claims
from .models import DeliveryAttempt, Message
from .services import record_notify_status

logger = logging.getLogger(__name__)
POLL_BATCH = 500


def schedule(message_id, delay=None):
    backend = send_message.get_backend()
    chosen = send_message
    if delay and backend.supports_defer:
        chosen = send_message.using(run_after=timezone.now() + timedelta(seconds=delay))
    chosen.enqueue(message_id)


@task()
def send_message(message_id):
    kind = Message.objects.filter(pk=message_id).values_list("kind", flat=True).first()
    if kind == Message.Kind.ROUTED:
        # A message to a person: pick the route by their contact plan, send, move on.
        return routing.advance(message_id)
    delay = deliver(message_id)
    if delay is not None:
        schedule(message_id, delay)
    if routing.sync_parent(message_id):
        # This try failed for good: the message moves on to the person's next route.
        parent_id = Message.objects.filter(pk=message_id).values_list("parent_id", flat=True)[0]
        return routing.advance(parent_id)
    return delay


@task()
def poll_letter_statuses():
    """Ask Notify about letters still on their way (callbacks can be missed)."""
    if get_channel().name != NotifyChannel.name:
        return 0
    channel = NotifyChannel()
    pending = Message.objects.filter(
        kind=Message.Kind.LETTER,
        status__in=[Message.Status.SENDING, Message.Status.SENT],
    ).exclude(notify_id="")
    checked = 0
    for notify_id in pending.order_by("status_changed_at").values_list("notify_id", flat=True)[
        :POLL_BATCH
    ]:
        try:
            status = channel.notification_status(notify_id)
        except APIError as error:
            logger.warning("Could not poll a letter's status: %s", error.status_code)
            continue
        record_notify_status(status, notify_id=notify_id, source="notify-poll")
        checked += 1
    return checked


def stuck_messages(older_than_seconds=None):
    """Messages still waiting to be sent with nothing heard of them for a while: their task
    was lost (a worker killed mid-send leaves its task marked running for ever). A message
    to a person counts its tries' attempts too, so one waiting out a retry's backoff is not
    picked up early; the default wait is longer than the longest backoff."""
    if older_than_seconds is None:
        older_than_seconds = settings.OUTBOX_RESUME_AFTER_SECONDS
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    recent = DeliveryAttempt.objects.filter(
        Q(message=OuterRef("pk")) | Q(message__parent=OuterRef("pk")), at__gte=cutoff
    )
    return (
        Message.objects.filter(
            status=Message.Status.QUEUED, parent__isnull=True, status_changed_at__lt=cutoff
        )
        .exclude(Exists(recent))
        .order_by("id")
    )


def resume_stuck(older_than_seconds=None):
    """Queue sending again for stuck messages. Safe: sending claims the message and asks
    Notify about its reference before sending again, so nothing goes twice."""
    if older_than_seconds is None:
        older_than_seconds = settings.OUTBOX_RESUME_AFTER_SECONDS
    ids = list(stuck_messages(older_than_seconds).values_list("pk", flat=True)[:POLL_BATCH])
    # Their worker is gone: its claim (set before calling Notify) must not block the next try.
    release_claims(ids, timezone.now() - timedelta(seconds=older_than_seconds))
    for message_id in ids:
        send_message.enqueue(message_id)
    if ids:
        logger.warning("Resumed %s outbox messages whose sending task was lost", len(ids))
    return len(ids)
