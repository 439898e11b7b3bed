"""No route left: the routed message, and so the person, is unreachable and shows on the
unreachable worklist. Staff who fixed the contact plan ask Gateway to try again; the routes
not tried yet are tried (a route that failed is not tried again)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gateway.audit import services as audit

from .. import outbox
from ..models import Message
from .common import Kind, Outcome, Status, logger, note, set_status


def mark_unreachable(parent):
    set_status(parent, Status.UNREACHABLE)
    note(parent, Outcome.FAILED, error="No route left to try: the person could not be reached.")
    audit.record(
        audit.Action.STATE_CHANGE,
        actor=None,
        organisation=parent.created_for,
        obj=parent,
        patient=parent.patient_id,
        changed_fields=["status"],
        detail={"status": Status.UNREACHABLE, "template": parent.template},
    )
    logger.warning("Message %s: no usable route left (unreachable)", parent.public_id)


def try_again(actor, organisation, message):
    """Staff fixed the person's contact plan: the unreachable message tries the routes not
    tried yet (a route that failed is not tried again)."""
    if not actor.has_perm("comms.view_unreachable", organisation):
        # Only someone who works the unreachable list in that organisation (fails closed).
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update()
            .defer("pdf")
            .filter(pk=message.pk, kind=Kind.ROUTED)
            .first()
        )
        if locked is None or locked.status != Status.UNREACHABLE:
            raise ValidationError("This message is no longer waiting for a new route.")
        set_status(locked, Status.QUEUED)
        note(locked, Outcome.ROUTED, error="Staff asked Gateway to try again")
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=locked,
            patient=locked.patient_id,
            changed_fields=["status"],
            detail={"status": Status.QUEUED, "try_again": True},
        )
        message_id = locked.pk
        transaction.on_commit(lambda: outbox.start_sending(message_id))
    return locked
