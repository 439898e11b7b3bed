"""The outbox itself: the one place a message row is written, and the hand-off to sending.

Everything that queues a message (the services here, routing by a person's contact plan)
writes it through ``create_message`` inside the caller's transaction; sending starts after the
commit. The sending task (gateway.comms.tasks) runs routing, and routing queues messages, so
the outbox does not import the task: the comms app hands it ``tasks.schedule`` when Django
starts (CommsConfig.ready), and ``start_sending`` calls it. Imports in comms then run one
way: outbox and delivery below routing, routing below services and tasks."""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from .models import DeliveryAttempt, Message

_sender = None


def set_sender(schedule):
    """Called once by CommsConfig.ready with ``schedule(message_id, delay=None)``."""
    global _sender
    _sender = schedule


def start_sending(message_id, delay=None):
    """Queue the sending task for the message, after ``delay`` seconds when given."""
    if _sender is None:
        raise ImproperlyConfigured("The comms app is not ready: nothing can send messages yet")
    _sender(message_id, delay)


Status = Message.Status

# GOV.UK Notify's statuses (texts, emails and letters) in Gateway's words.
NOTIFY_STATUSES = {
    "created": Status.SENDING,
    "sending": Status.SENDING,
    "pending": Status.SENDING,
    "accepted": Status.SENDING,
    "pending-virus-check": Status.SENDING,
    "sent": Status.SENT,
    "received": Status.SENT,
    "delivered": Status.DELIVERED,
    "permanent-failure": Status.PERMANENT_FAILURE,
    "validation-failed": Status.PERMANENT_FAILURE,
    "virus-scan-failed": Status.PERMANENT_FAILURE,
    "temporary-failure": Status.TEMPORARY_FAILURE,
    "technical-failure": Status.TECHNICAL_FAILURE,
    "cancelled": Status.CANCELLED,
    "returned-letter": Status.RETURNED,
}


class NotInTransaction(RuntimeError):
    pass


def require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(
            "Queue messages inside the transaction that makes the change they are about "
            "(wrap the call in transaction.atomic())."
        )


def _related(related):
    if related is None:
        return "", ""
    return related._meta.label, str(getattr(related, "public_id", related.pk))


def create_message(
    actor, organisation, *, kind, template, patient, related, hold_reason="", **fields
):
    related_type, related_id = _related(related)
    message = Message.objects.create(
        kind=kind,
        template=template,
        patient=patient,
        created_by=actor if getattr(actor, "pk", None) else None,
        created_for=organisation,
        related_type=related_type,
        related_id=related_id,
        status=Status.HELD_IN_OUTBOX if hold_reason else Status.QUEUED,
        hold_reason=hold_reason,
        status_changed_at=timezone.now(),
        **fields,
    )
    if hold_reason:
        DeliveryAttempt.objects.create(
            message=message,
            channel="checks",
            outcome=DeliveryAttempt.Outcome.HELD,
            error=hold_reason,
        )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=message,
        patient=patient,
        changed_fields=["kind", "template", "status"],
        detail={"kind": kind, "template": template, "status": message.status},
    )
    message_id = message.pk
    transaction.on_commit(lambda: start_sending(message_id))
    return message
