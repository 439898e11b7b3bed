"""Every write to multi-agency meetings and their actions
(docs/domain/multiple-disadvantage.md#what-helps: "multi-agency meetings with the person involved").
The record always says whether the person took part; when they took part or gave views, their views
are kept in their words; when they were not invited, the reason is part of the record. Actions have
a named owner in an organisation involved with the person and a due date, and stay on the owner's
worklist until done or cancelled (with an outcome)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from ..models import Action, Meeting, MeetingAttendee
from ..queries import team as team_queries
from .common import not_in_future, require_access, save_if_unchanged

AuditAction = audit.Action
RECORD = "support.record_support"
Participation = Meeting.Participation
# The person's words are required whenever they had a say.
VIEWS_REQUIRED = {Participation.ATTENDED, Participation.VIEWS_GIVEN}


@dataclass(frozen=True)
class Attendee:
    """Someone at the meeting: a Gateway user (with their organisation), an organisation
    alone, or a named person without an account."""

    organisation: object = None
    user: object = None
    name: str = ""
    role: str = ""


def check_participation(participation, persons_views, not_invited_reason):
    """Pure: the errors (by field) for how the person took part."""
    errors = {}
    if participation not in Participation.values:
        errors["participation"] = "Choose whether the person took part"
    elif participation in VIEWS_REQUIRED and not (persons_views or "").strip():
        errors["persons_views"] = "Enter the person's views, in their words"
    elif participation == Participation.NOT_INVITED and not (not_invited_reason or "").strip():
        errors["not_invited_reason"] = "Say why the person was not invited"
    return errors


def check_meeting(data, *, has_attendees):
    """The checks record_meeting makes, without writing: for the form, before the person is
    asked to check their answers."""
    not_in_future(data.get("held_on"), "held_on", "The date of the meeting")
    errors = check_participation(
        data.get("participation"), data.get("persons_views"), data.get("not_invited_reason")
    )
    if not has_attendees:
        errors.setdefault("attendees", "Say who attended: at least one organisation or person")
    if errors:
        raise ValidationError(errors)


def record_meeting(
    actor,
    organisation,
    patient,
    *,
    held_on,
    participation,
    persons_views="",
    not_invited_reason="",
    discussion="",
    decisions="",
    attendees=(),
):
    require_access(actor, organisation, patient, RECORD)
    not_in_future(held_on, "held_on", "The date of the meeting")
    errors = check_participation(participation, persons_views, not_invited_reason)
    if not attendees:
        errors.setdefault("attendees", "Say who attended: at least one organisation or person")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            patient=patient,
            held_on=held_on,
            organised_by=organisation,
            participation=participation,
            not_invited_reason=(
                (not_invited_reason or "").strip()
                if participation == Participation.NOT_INVITED
                else ""
            ),
            persons_views=(persons_views or "").strip(),
            discussion=(discussion or "").strip(),
            decisions=(decisions or "").strip(),
            recorded_by=actor,
        )
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(
                meeting=meeting,
                organisation=a.organisation,
                user=a.user,
                name=(a.name or "").strip(),
                role=(a.role or "").strip(),
            )
            for a in attendees
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            organisation=organisation,
            obj=meeting,
            patient=patient,
            changed_fields=["held_on", "participation", "persons_views", "decisions"],
            detail={"attendees": len(attendees)},
        )
    return meeting


def add_action(actor, organisation, meeting, *, description, owner_membership, due_on):
    """An action decided at the meeting. The owner must be an active member of an
    organisation with an active relationship to the person, so it reaches a worklist they
    can open."""
    patient = meeting.patient
    require_access(actor, organisation, patient, RECORD)
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "Enter what needs to be done"
    allowed = team_queries.action_owner_memberships(patient)
    if owner_membership is None or not allowed.filter(pk=owner_membership.pk).exists():
        errors["owner"] = "Choose someone who works for an organisation involved with the person"
    if due_on < meeting.held_on:
        errors["due_on"] = "The due date must be on or after the date of the meeting"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action = Action.objects.create(
            patient=patient,
            meeting=meeting,
            description=description,
            owner=owner_membership.user,
            owner_organisation=owner_membership.organisation,
            due_on=due_on,
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            organisation=organisation,
            obj=action,
            patient=patient,
            changed_fields=["description", "owner", "due_on"],
        )
    return action


def _close(actor, organisation, action, expected_version, status, outcome):
    require_access(actor, organisation, action.patient, RECORD)
    if action.status != Action.Status.OPEN:
        raise ValidationError(f"This action is already {action.get_status_display().lower()}")
    outcome = (outcome or "").strip()
    if not outcome:
        what = "what was done" if status == Action.Status.DONE else "why it is cancelled"
        raise ValidationError({"outcome": f"Say {what}"})
    with transaction.atomic():
        save_if_unchanged(
            action,
            expected_version,
            status=status,
            outcome=outcome,
            closed_at=timezone.now(),
            closed_by=actor,
        )
        audit.record(
            AuditAction.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=action,
            patient=action.patient,
            changed_fields=["status", "outcome"],
            detail={"status": status},
        )
    return action


def complete_action(actor, organisation, action, expected_version, *, outcome):
    return _close(actor, organisation, action, expected_version, Action.Status.DONE, outcome)


def cancel_action(actor, organisation, action, expected_version, *, outcome):
    return _close(actor, organisation, action, expected_version, Action.Status.CANCELLED, outcome)
