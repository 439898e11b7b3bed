"""Moving a person on the scheme to another of the commissioner's SAS practices when theirs
closes or merges (docs/adr/0045-practice-closures-and-mergers.md). The episode keeps its state,
deadlines and appeal dates; only the practice changes. Like allocation, it moves who may see
the person, the "attend SAS practice only" flag, and it writes to the person and to the new
practice through the outbox. The history row and the audit row say where from and where to."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged
from gateway.patients.models import PatientFlag, PatientRelationship

from ..errors import IllegalTransition
from ..models import Deadline, Episode, StatusHistory
from ..models.deadline import copy_practices_to_deadlines
from ..states import ACTIVE_STATES, STATE_LABELS
from .allocation import require_commissioner, support_organisations
from .episodes import episode_changed_error
from .report_letters import organisation_address_lines, queue_for_patient, queue_letter

# The history row's transition name: the state does not change (not in the state table).
PRACTICE_MOVED = "practice_moved"
SAS_PRACTICE_REASON = "SAS practice for the patient's episode"


def practices_to_move_to(commissioner, leaving):
    """The commissioner's active SAS practices that are not closing, other than ``leaving``."""
    return (
        Organisation.objects.filter(
            commissioner=commissioner,
            is_sas_practice=True,
            is_active=True,
            closed_on__isnull=True,
        )
        .exclude(pk=leaving.pk)
        .order_by("name")
    )


def _next_due(episode, kind):
    return (
        Deadline.objects.filter(
            episode=episode, kind=kind, met_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def move_to_practice(actor, organisation, episode, practice, expected_version, *, reason):
    """Move the person on the scheme from the episode's SAS practice to ``practice``.
    ``reason`` says why in the person's words (for example "Brighton SAS closes on 1 March
    2027"). Returns the episode."""
    require_commissioner(actor, organisation, episode, "move this person to another practice")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the person is moving practice"})
    leaving = episode.sas_practice
    if episode.state not in ACTIVE_STATES or leaving is None:
        raise IllegalTransition(
            "You cannot move this person to another practice because the episode is "
            f"{STATE_LABELS[episode.state]}."
        )
    if (
        practice is None
        or not practices_to_move_to(episode.commissioner, leaving).filter(pk=practice.pk).exists()
    ):
        raise ValidationError(
            {"practice": "Choose one of the commissioner's SAS practices that is not closing"}
        )
    now = timezone.now()
    with transaction.atomic():
        current = Episode.objects.select_for_update().get(pk=episode.pk)
        if current.version != expected_version:
            raise episode_changed_error()
        try:
            save_if_unchanged(current, expected_version, sas_practice=practice)
        except ValidationError:
            raise episode_changed_error() from None
        # The new practice's worklist has the deadlines, the old one's no longer does.
        copy_practices_to_deadlines(current)
        StatusHistory.objects.create(
            episode=current,
            from_state=current.state,
            to_state=current.state,
            transition=PRACTICE_MOVED,
            actor=actor,
            actor_name=actor.display_name,
            organisation=organisation,
            at=now,
            reason=f"From {leaving.name} to {practice.name}. {reason}",
        )
        patient = current.patient
        PatientRelationship.objects.filter(
            patient=patient,
            organisation=leaving,
            kind=PatientRelationship.Kind.RESPONSIBLE,
            is_active=True,
        ).update(is_active=False, ended_at=now)
        PatientRelationship.objects.get_or_create(
            patient=patient,
            organisation=practice,
            kind=PatientRelationship.Kind.RESPONSIBLE,
            is_active=True,
            defaults={"reason": SAS_PRACTICE_REASON},
        )
        PatientFlag.objects.filter(
            patient=patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY, ended_at__isnull=True
        ).update(ended_at=now, ended_by=actor)
        flag = PatientFlag.objects.create(
            patient=patient,
            kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
            detail=f"Attend {practice.name} only",
            set_by=actor,
            set_by_organisation=organisation,
            source_type="sas.Episode",
            source_id=str(current.public_id),
        )
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=current,
            patient=patient,
            changed_fields=["sas_practice"],
            detail={
                "from": str(leaving.public_id),
                "to": str(practice.public_id),
                "transition": PRACTICE_MOVED,
            },
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=flag,
            object_type="patients.PatientFlag",
            object_id=str(flag.pk),
            patient=patient,
            changed_fields=["kind"],
            detail={"kind": flag.kind},
        )
        context = {
            "episode": current,
            "patient": patient,
            "sas_practice": practice,
            "leaving": leaving,
            "commissioner": current.commissioner,
            "reason": reason,
            "today": timezone.localdate(),
            "review_on": _next_due(current, "review"),
            "support_organisations": support_organisations(patient),
        }
        queue_for_patient(
            actor,
            organisation,
            template="letters/sas/practice_change.jinja",
            context=context,
            patient=patient,
            related=current,
        )
        queue_letter(
            actor,
            organisation,
            template="letters/sas/practice_change_notice.jinja",
            context=context,
            patient=patient,
            recipient_organisation=practice,
            address_lines=organisation_address_lines(practice),
            related=current,
        )
    for name in ("sas_practice", "version", "updated_at"):
        setattr(episode, name, getattr(current, name))
    return episode
