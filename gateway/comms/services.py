"""Writing to the outbox. Callers queue a message inside their own transaction, so the
message exists if and only if the change that caused it was saved; sending starts after the
commit (transaction.on_commit) in the task worker."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from .addresses import clean_lines, validate_postal_address
from .models import DeliveryAttempt, Message, new_reference
from .outbox import NOTIFY_STATUSES, create_message, require_transaction
from .rendering import render_email, render_letter, render_text, template_key
from .routing import after_status_change

Status = Message.Status


def queue_letter(
    actor,
    organisation,
    *,
    template,
    context,
    patient=None,
    recipient_organisation=None,
    address_lines,
    related=None,
):
    """Write a letter to the outbox. A letter that cannot be posted (no fixed abode, too few
    lines, no postcode) is kept, held in the outbox with the reason, for staff to route."""
    require_transaction()
    key = template_key(template)
    lines = clean_lines(address_lines)
    hold_reason = ""
    try:
        lines = validate_postal_address(lines)
    except ValidationError as error:
        hold_reason = error.messages[0]
    reference = new_reference()
    subject, html = render_letter(
        key,
        context,
        address_lines=lines,
        sender=organisation,
        reference=reference,
        easy_read=bool(patient is not None and patient.needs_easy_read),
    )
    return create_message(
        actor,
        organisation,
        kind=Message.Kind.LETTER,
        template=key,
        patient=patient,
        related=related,
        hold_reason=hold_reason,
        recipient_organisation=recipient_organisation,
        reference=reference,
        subject=subject,
        body_html=html,
        address_lines=lines,
    )


def queue_text(actor, organisation, *, template, context, phone_number, patient=None, related=None):
    require_transaction()
    key = template_key(template)
    phone_number = (phone_number or "").strip()
    return create_message(
        actor,
        organisation,
        kind=Message.Kind.TEXT,
        template=key,
        patient=patient,
        related=related,
        hold_reason="" if phone_number else "There is no mobile number to send this text to.",
        body_text=render_text(key, context),
        phone_number=phone_number,
    )


def queue_email(
    actor, organisation, *, template, context, email_address, patient=None, related=None
):
    require_transaction()
    key = template_key(template)
    subject, body = render_email(key, context)
    email_address = (email_address or "").strip()
    return create_message(
        actor,
        organisation,
        kind=Message.Kind.EMAIL,
        template=key,
        patient=patient,
        related=related,
        hold_reason="" if email_address else "There is no email address to send this to.",
        subject=subject,
        body_text=body,
        email_address=email_address,
    )


# How far along Notify's own life a status is. A report never moves a message back: a
# repeated or late report (a replay) is ignored.
_PROGRESS = {Status.SENDING: 1, Status.SENT: 2}
_FINISHED = 3
# The kinds Gateway hands to Notify; nothing else can have a Notify status.
NOTIFY_KINDS = (Message.Kind.LETTER, Message.Kind.TEXT, Message.Kind.EMAIL)
CALLBACK = "notify-callback"


def _progress(status):
    if status in _PROGRESS:
        return _PROGRESS[status]
    return _FINISHED if status in Message.FINAL_STATUSES | Message.ROUTE_FAILED else 0


def _sent_to_notify(notify_id, reference):
    """The message Notify accepted with this id (and, when given, this reference): never one
    that was not handed to Notify, whatever a report names."""
    if not notify_id:
        return None
    found = Message.objects.select_for_update().defer("pdf")
    found = found.filter(notify_id=notify_id, kind__in=NOTIFY_KINDS)
    if reference:
        found = found.filter(reference=reference)
    return found.first()


def _audit_report(message, outcome, notify_status, source, previous=""):
    detail = {"via": source, "outcome": outcome, "notify_status": notify_status[:40]}
    if previous:
        detail["previous"] = previous
    audit.record(
        audit.Action.STATE_CHANGE,
        obj=message,
        object_type="" if message else "comms.Message",
        object_id="" if message else "unknown",
        patient=message.patient_id if message else None,
        changed_fields=["status"] if outcome == "applied" else [],
        detail=detail,
    )


def record_notify_status(notify_status, *, notify_id="", reference="", source):
    """A delivery status from Notify (callback or polling), for a message Notify accepted
    (found by the id Notify gave it). Statuses only move forward: a repeated or late report
    (a replay) changes nothing. Every report a callback brings is audited, with what became
    of it (applied, ignored or refused); polling audits the changes it makes."""
    status = NOTIFY_STATUSES.get(notify_status)
    with transaction.atomic():
        message = _sent_to_notify(notify_id, reference) if status else None
        if message is None:
            if source == CALLBACK:
                _audit_report(None, "refused", notify_status, source)
            return None
        previous = message.status
        if message.is_final or _progress(status) <= _progress(previous):
            if source == CALLBACK:
                _audit_report(message, "ignored", notify_status, source, previous)
            return message
        message.status = status
        message.status_changed_at = timezone.now()
        message.save(update_fields=["status", "status_changed_at"])
        DeliveryAttempt.objects.create(
            message=message,
            channel=source,
            outcome=DeliveryAttempt.Outcome.STATUS,
            error=f"Notify status: {notify_status}",
        )
        _audit_report(message, "applied", notify_status, source, previous)
    if message.parent_id:
        # A try of a message to a person: it shows the new status, and moves on to the next
        # route when this one failed (ADR 0012).
        with transaction.atomic():
            after_status_change(message)
    return message


# Still in Gateway's hands: not yet with Notify, or waiting for someone to hand it over.
WAITING_STATUSES = (Status.QUEUED, Status.HELD_IN_OUTBOX, Status.TO_HAND_OVER)


def cancel_waiting_messages(actor, organisation, patient, *, because):
    """Cancel every message to the person that has not left Gateway yet (for example when
    they have died: never a letter to someone who has died). Ones already with Notify are
    left to finish. Inside the caller's transaction; audited once with the count."""
    require_transaction()
    waiting = Message.objects.filter(patient=patient, status__in=WAITING_STATUSES)
    cancelled = waiting.update(status=Status.CANCELLED, status_changed_at=timezone.now())
    if cancelled:
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            object_type="comms.Message",
            object_id="waiting",
            patient=patient,
            changed_fields=["status"],
            detail={"cancelled": cancelled, "because": because},
        )
    return cancelled


def cancel_for_record_made_in_error(actor, organisation, patient, reason):
    """A record made in error (gateway.patients.services.made_in_error): nothing waiting for
    the person is sent. Registered to run after every other handler."""
    return cancel_waiting_messages(actor, organisation, patient, because="made in error")
