"""Handing a letter over in person: the worker or practice confirms they gave it to the
person, and delivery is complete; if the route may no longer carry it (the plan changed after
the task was made) the task is cancelled and the message moves on to the next route."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from ..models import DeliveryAttempt, Message
from .common import Kind, Outcome, Status, load_plan, note, set_status
from .fallback import after_status_change, sync_parent


class HandoverError(ValidationError):
    pass


def _route_refusal(handover):
    """Why the hand-over's route may not carry it today (the contact plan as it is now), or
    "" when it still may."""
    for check in load_plan(handover.patient, timezone.localdate()):
        if check.route.pk is not None and check.route.pk == handover.route_id:
            return check.reason
    return "This route is no longer in the person's contact plan."


def confirm_handover(actor, organisation, message, handed_over_on, expected_status=None):
    """The worker or practice gave the letter to the person: delivery is complete."""
    if not actor.has_perm("comms.hand_over", organisation):
        # Only someone who hands things over in that organisation (fails closed).
        raise HandoverError("This is not yours to hand over.")
    today = timezone.localdate()
    if handed_over_on is None:
        raise HandoverError({"handed_over_on": "Enter the date you handed it over"})
    if handed_over_on > today:
        raise HandoverError({"handed_over_on": "The date must be today or in the past"})
    if handed_over_on < message.created_at.astimezone(timezone.get_current_timezone()).date():
        raise HandoverError(
            {"handed_over_on": "The date must be on or after the day the message was written"}
        )
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update()
            .defer("pdf")
            .filter(pk=message.pk, handover_organisation=organisation, kind=Kind.IN_PERSON)
            .first()
        )
        if locked is None:
            raise HandoverError("This is not yours to hand over.")
        if locked.status != Status.TO_HAND_OVER:
            raise HandoverError("This has already been handed over or is no longer needed.")
        refused = _route_refusal(locked)
        if refused:
            # The plan changed after the task was made (consent ended, the route was ended
            # or marked never): this route may not carry it now, so the message moves on.
            set_status(locked, Status.CANCELLED)
            note(
                locked,
                Outcome.FAILED,
                error=f"Not handed over: {refused}",
                route=locked.route,
                route_kind=locked.route_kind,
            )
            audit.record(
                audit.Action.STATE_CHANGE,
                actor=actor,
                organisation=organisation,
                obj=locked,
                patient=locked.patient_id,
                changed_fields=["status"],
                detail={"status": Status.CANCELLED, "route_no_longer_usable": True},
            )
            after_status_change(locked)
        else:
            _hand_over(actor, organisation, locked, handed_over_on)
    if refused:
        # Raised after the commit: the cancelled task and the move on are kept.
        raise HandoverError(
            f"This can no longer be handed over this way: {refused} Gateway will try the "
            "next way to reach the person in their contact plan."
        )
    return locked


def _hand_over(actor, organisation, locked, handed_over_on):
    locked.status = Status.DELIVERED
    locked.status_changed_at = timezone.now()
    locked.handed_over_on = handed_over_on
    locked.handed_over_by = actor
    locked.save(update_fields=["status", "status_changed_at", "handed_over_on", "handed_over_by"])
    DeliveryAttempt.objects.create(
        message=locked,
        channel="hand-over",
        outcome=Outcome.HANDED_OVER,
        error=f"Handed over on {handed_over_on.isoformat()}",
        route_id=locked.route_id,
        route_kind=locked.route_kind,
    )
    audit.record(
        audit.Action.STATE_CHANGE,
        actor=actor,
        organisation=organisation,
        obj=locked,
        patient=locked.patient_id,
        changed_fields=["status", "handed_over_on"],
        detail={"status": Status.DELIVERED, "handed_over_on": handed_over_on.isoformat()},
    )
    sync_parent(locked.pk)
