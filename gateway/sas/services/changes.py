"""Other ways an episode changes (docs/domain/sas-other-changes.md#custody): custody and release, a
move to another area's scheme, death, registered by mistake, entered in error. Each is one
transition of the state table (services.transition) plus its side effects, all in one
transaction. Discharge and reviews live in reviews.py."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.audit import services as audit
from gateway.patients.models import PatientFlag, PatientRelationship

from ..errors import NotAllowed
from ..models import Appeal, Episode, StatusHistory
from ..states import State, available_transitions
from .episodes import roles_on_episode, transition
from .report_letters import queue_for_patient, queue_letter


@dataclass(frozen=True)
class Change:
    code: str  # what the page posts
    transition: str  # the state table's transition
    label: str  # the radio button
    hint: str


CHANGES = {
    c.code: c
    for c in [
        Change(
            "custody",
            "enter_custody",
            "The patient has gone into custody",
            "The episode goes on hold. Review and discharge dates are paused until they are "
            "released. Appeal dates keep running.",
        ),
        Change(
            "release",
            "release_from_custody",
            "The patient has been released from custody",
            "The episode goes back to where it was. Review and discharge dates move on by the "
            "time they spent in custody.",
        ),
        Change(
            "transfer",
            "transfer_out",
            "The patient has moved to another area",
            "This episode ends and the new area's commissioner gets a new episode to allocate.",
        ),
        Change(
            "death",
            "record_death",
            "The patient has died",
            "The episode ends, the attend SAS practice only flag ends and due dates are cancelled.",
        ),
        Change(
            "registered_by_mistake",
            "end_registered_by_mistake",
            "The patient was placed on the scheme by mistake",
            "The episode ends and the patient is free to register with any practice.",
        ),
        Change(
            "entered_in_error",
            "mark_entered_in_error",
            "This episode was entered in error",
            "The episode is marked as a mistake. Its history is kept.",
        ),
    ]
}
_BY_TRANSITION = {c.transition: c for c in CHANGES.values()}


def available_changes(actor, organisation, episode):
    """The changes this person may make to the episode now, in the order of CHANGES."""
    roles = roles_on_episode(actor, organisation, episode)
    if not roles:
        return []
    allowed = {t.name for t in available_transitions(episode.state, roles)}
    return [c for c in CHANGES.values() if c.transition in allowed]


def other_commissioners(episode):
    """Where a patient who moves away can be transferred to."""
    return Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER, is_active=True).exclude(
        pk=episode.commissioner_id
    )


def record_change(
    actor, organisation, episode, code, expected_version, reason="", to_commissioner=None
):
    """Make one change from CHANGES. Returns the episode (and, for a transfer, the new
    episode at the other commissioner as ``episode.transferred_to``)."""
    change = CHANGES.get(code)
    if change is None:
        raise ValidationError({"change": "Choose what has happened"})
    if code == "transfer":
        if to_commissioner is None:
            raise ValidationError(
                {"to_commissioner": "Choose the commissioner of the area the patient moved to"}
            )
        if (
            to_commissioner.kind != Organisation.Kind.COMMISSIONER
            or not to_commissioner.is_active
            or to_commissioner.pk == episode.commissioner_id
        ):
            raise ValidationError(
                {"to_commissioner": "Choose another area's commissioner from the list"}
            )
    with transaction.atomic():
        transition(actor, organisation, episode, change.transition, expected_version, reason)
        now = timezone.now()
        # transition() has cancelled the open deadlines of the ended episode.
        if code in {"death", "registered_by_mistake", "entered_in_error", "transfer"}:
            close_open_appeals(actor, organisation, episode, f"Episode ended: {change.label}")
        if code in {"death", "registered_by_mistake", "entered_in_error"}:
            end_attend_sas_flag(actor, episode, now)
        if code == "transfer":
            episode.transferred_to = _start_episode_elsewhere(
                actor, organisation, episode, to_commissioner, reason, now
            )
    return episode


def end_attend_sas_flag(actor, episode, now=None):
    """End the "attend SAS practice only" flag: the patient may register anywhere."""
    return PatientFlag.objects.filter(
        patient_id=episode.patient_id,
        kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
        ended_at__isnull=True,
    ).update(
        ended_at=now or timezone.now(),
        ended_by=actor if getattr(actor, "pk", None) else None,
    )


def close_open_appeals(actor, organisation, episode, reason):
    """An appeal about an episode that has ended has nothing left to decide."""
    for appeal in Appeal.objects.filter(
        episode=episode, status__in=[s for s in Appeal.Status if _is_open(s)]
    ):
        Appeal.objects.filter(pk=appeal.pk).update(
            status=Appeal.Status.WITHDRAWN,
            decision_reasons=reason,
            decided_on=timezone.localdate(),
            version=appeal.version + 1,
        )
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=appeal,
            patient=episode.patient_id,
            changed_fields=["status"],
            detail={"status": Appeal.Status.WITHDRAWN, "because": "episode ended"},
        )


def _is_open(status):
    return status in {
        Appeal.Status.LODGED,
        Appeal.Status.ACKNOWLEDGED,
        Appeal.Status.PANEL_SCHEDULED,
    }


def _start_episode_elsewhere(actor, organisation, old, to_commissioner, reason, now):
    """docs/adr/0011: the new area starts its own episode at screening, linked to the
    patient (not copied), so its commissioner allocates to one of its SAS practices; the
    old episode keeps its history and ends as transferred out."""
    new = Episode.objects.create(
        patient_id=old.patient_id,
        commissioner=to_commissioner,
        removing_practice_id=old.removing_practice_id,
        state=State.SCREENING,
        state_changed_at=now,
    )
    StatusHistory.objects.create(
        episode=new,
        from_state="",
        to_state=State.SCREENING,
        transition="transfer_in",
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "display_name", "") or "",
        organisation=organisation,
        at=now,
        reason=f"Moved from the area of {old.commissioner.name} (episode {old.public_id}). "
        f"{reason}".strip(),
    )
    PatientRelationship.objects.get_or_create(
        patient_id=old.patient_id,
        organisation=to_commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
        defaults={"reason": "Special Allocation Scheme: patient moved into the area"},
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=new,
        patient=old.patient_id,
        detail={"transferred_from": str(old.public_id), "state": State.SCREENING},
    )
    return new


def queue_sas_letter(
    actor, organisation, *, template, context, patient=None, recipient=None, related=None
):
    """A letter to the patient goes by their contact plan (ADR 0012); a letter to a practice
    (``recipient``) goes by post to its address."""
    if recipient is None:
        return queue_for_patient(
            actor,
            organisation,
            patient=patient,
            template=template,
            context=context,
            related=related,
        )
    lines = [recipient.name, *recipient.postal_lines]
    return queue_letter(
        actor,
        organisation,
        template=template,
        context=context,
        patient=patient,
        recipient_organisation=recipient,
        address_lines=lines,
        related=related,
    )


def require_roles(actor, organisation, episode, wanted, doing):
    """The actor's roles on this episode must include one of wanted, or NotAllowed."""
    if not roles_on_episode(actor, organisation, episode) & set(wanted):
        raise NotAllowed(
            f"You cannot {doing} while working for this organisation. Ask the episode's "
            "commissioner, or switch to the organisation that is involved."
        )


__all__ = [
    "CHANGES",
    "available_changes",
    "close_open_appeals",
    "end_attend_sas_flag",
    "other_commissioners",
    "queue_sas_letter",
    "record_change",
]
