"""Allocating a patient to an SAS practice
(docs/domain/sas-removal-and-allocation.md#immediate-removal and
docs/domain/sas-removal-and-allocation.md#the-allocation-letter).

The suggestion follows the patient's postcode district, else the removing practice's area.
A report that needs commissioner approval (police not told, or told late), or a scheme that
checks every allocation with a second person, goes to 'waiting for approval' first; a
different commissioner then confirms it."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.patients.rules import postcode_district

from .. import rules
from ..errors import IllegalTransition, NotAllowed
from ..models import Allocation, Deadline, RemovalReport
from ..queries import policy_in_force
from ..states import ACTIVE_STATES, State
from .episodes import begin_screening_if_reported, transition
from .report_letters import (
    current_address,
    organisation_address_lines,
    queue_for_patient,
    queue_letter,
)
from .reviews import ensure_review_scheduled

Action = audit.Action


@dataclass
class PracticeOption:
    practice: Organisation
    list_size: int
    covers_patient: bool
    covers_removing_practice: bool

    @property
    def capacity(self):
        return self.practice.list_capacity

    @property
    def is_full(self):
        return self.capacity is not None and self.list_size >= self.capacity


@dataclass
class AllocationOptions:
    options: list
    suggested: Organisation | None
    suggested_because: str
    district: str | None


def allocation_options(episode):
    """The commissioner's SAS practices with their current list (episodes on the scheme, one
    aggregate query) against capacity, and the suggested one."""
    practices = list(
        Organisation.objects.filter(
            commissioner_id=episode.commissioner_id, is_sas_practice=True, is_active=True
        )
        .annotate(list_size=Count("sas_patients", filter=Q(sas_patients__state__in=ACTIVE_STATES)))
        .order_by("name")
    )
    address = current_address(episode.patient)
    patient_district = postcode_district(address.postcode) if address else None
    removing = episode.removing_practice
    removing_district = postcode_district(removing.postcode) if removing else None
    options = [
        PracticeOption(
            practice=p,
            list_size=p.list_size,
            covers_patient=bool(patient_district) and patient_district in p.catchment_districts,
            covers_removing_practice=bool(removing_district)
            and removing_district in p.catchment_districts,
        )
        for p in practices
    ]
    suggested, because, district = None, "", None
    for attribute, place, where in (
        ("covers_patient", patient_district, "the patient's postcode district"),
        ("covers_removing_practice", removing_district, "the removing practice's area"),
    ):
        matches = [o for o in options if getattr(o, attribute)]
        if matches:
            # Spare room first, then the shortest list.
            best = min(matches, key=lambda o: (o.is_full, o.list_size))
            suggested, district = best.practice, place
            because = f"Its catchment covers {place}, {where}."
            break
    return AllocationOptions(options, suggested, because, district)


def require_commissioner(actor, organisation, episode, action):
    if organisation is None or organisation.pk != episode.commissioner_id:
        raise NotAllowed(
            f"You cannot {action}: only the episode's commissioner can. Switch to that "
            "commissioner organisation."
        )
    if Role.COMMISSIONER not in roles_in(actor, organisation):
        raise NotAllowed(f"You cannot {action}: only a commissioner can do this.")


def _needs_second_person(episode, policy):
    report = RemovalReport.objects.filter(episode=episode).first()
    approval = report is not None and report.screening_route == rules.APPROVAL_NEEDED
    return approval or policy.two_person_allocation_check


def allocate(actor, organisation, episode, sas_practice, expected_version, override_reason=""):
    """Allocate, or propose the allocation for a second commissioner to confirm. Returns the
    episode: 'allocated', or 'waiting for approval' when approval or a check is needed."""
    require_commissioner(actor, organisation, episode, "allocate this patient")
    override_reason = (override_reason or "").strip()
    choice = allocation_options(episode)
    if sas_practice.pk not in {o.practice.pk for o in choice.options}:
        raise ValidationError(
            {"sas_practice": "Choose one of the commissioner's active SAS practices"}
        )
    if choice.suggested and sas_practice.pk != choice.suggested.pk and not override_reason:
        raise ValidationError(
            {
                "override_reason": (
                    f"Say why you chose {sas_practice.name} instead of the suggested practice, "
                    f"{choice.suggested.name}"
                )
            }
        )
    policy = policy_in_force(episode.commissioner)
    with transaction.atomic():
        expected_version = begin_screening_if_reported(
            actor, organisation, episode, expected_version
        )
        if episode.state == State.SCREENING and _needs_second_person(episode, policy):
            transition(
                actor,
                organisation,
                episode,
                "send_for_approval",
                expected_version,
                reason="Proposed allocation to " + sas_practice.name,
                sas_practice=sas_practice,
            )
            Allocation.objects.create(
                episode=episode,
                sas_practice=sas_practice,
                allocated_by=actor,
                suggested_practice=choice.suggested,
                override_reason=override_reason,
            )
            return episode
        if episode.state == State.AWAITING_APPROVAL:
            raise IllegalTransition(
                "This allocation is waiting for a second commissioner to confirm it."
            )
        transition(
            actor,
            organisation,
            episode,
            "allocate",
            expected_version,
            sas_practice=sas_practice,
        )
        allocation = Allocation.objects.create(
            episode=episode,
            sas_practice=sas_practice,
            allocated_by=actor,
            suggested_practice=choice.suggested,
            override_reason=override_reason,
        )
        _place_on_scheme(actor, organisation, episode, allocation, policy)
    return episode


def pending_allocation(episode):
    return (
        Allocation.objects.filter(episode=episode, checked_by__isnull=True)
        .select_related("sas_practice", "allocated_by", "suggested_practice")
        .order_by("-id")
        .first()
    )


def confirm_allocation(actor, organisation, episode, expected_version):
    """A second commissioner approves the proposed allocation (approval route,
    docs/domain/sas-removal-and-allocation.md#police-reference-and-approval, or the policy's
    two-person check). The person who proposed it cannot."""
    require_commissioner(actor, organisation, episode, "confirm this allocation")
    proposal = pending_allocation(episode)
    if proposal is None or episode.state != State.AWAITING_APPROVAL:
        raise IllegalTransition("There is no proposed allocation waiting to be confirmed.")
    if proposal.allocated_by_id == actor.pk:
        raise NotAllowed(
            "You proposed this allocation, so a different commissioner must confirm it. "
            "Ask a colleague to check and confirm it."
        )
    policy = policy_in_force(episode.commissioner)
    with transaction.atomic():
        transition(
            actor,
            organisation,
            episode,
            "allocate",
            expected_version,
            reason="Allocation confirmed by a second commissioner",
            sas_practice=proposal.sas_practice,
        )
        proposal.checked_by, proposal.checked_at = actor, timezone.now()
        proposal.save(update_fields=["checked_by", "checked_at", "updated_at"])
        _place_on_scheme(actor, organisation, episode, proposal, policy)
    return episode


def _place_on_scheme(actor, organisation, episode, allocation, policy):
    """Everything allocation brings with it, in the caller's transaction."""
    now, today = timezone.now(), timezone.localdate()
    patient, practice = episode.patient, allocation.sas_practice
    PatientRelationship.objects.get_or_create(
        patient=patient,
        organisation=practice,
        kind=PatientRelationship.Kind.RESPONSIBLE,
        is_active=True,
        defaults={"reason": "SAS practice for the patient's episode"},
    )
    flag = PatientFlag.objects.create(
        patient=patient,
        kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
        detail=f"Attend {practice.name} only",
        set_by=actor,
        set_by_organisation=organisation,
        source_type="sas.Episode",
        source_id=str(episode.public_id),
    )
    # The allocation letter is dated today, so the appeal window starts today.
    appeal = Deadline.from_rule(
        episode,
        rules.appeal_deadline(today, rules.APPEAL_AGAINST_PLACEMENT, policy.values()),
        policy,
    )
    review = Deadline.from_rule(episode, rules.first_review_due(today, policy.values()), policy)
    Deadline.objects.bulk_create([appeal, review])
    Deadline.objects.filter(episode=episode, kind="allocation", met_at__isnull=True).update(
        met_at=now
    )
    # The first review exists from day one (the worklist and the reviews panel show it); it
    # takes over the review deadline row written just above rather than adding another.
    ensure_review_scheduled(episode, actor=actor, organisation=organisation, today=today)
    audit.record(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=allocation,
        patient=patient,
        changed_fields=["sas_practice"],
        detail={"override": bool(allocation.override_reason)},
    )
    audit.record(
        Action.CREATE,
        actor=actor,
        organisation=organisation,
        obj=flag,
        object_type="patients.PatientFlag",
        object_id=str(flag.pk),
        patient=patient,
        changed_fields=["kind"],
        detail={"kind": flag.kind},
    )
    context = allocation_letter_context(episode, practice, appeal, review, policy)
    queue_for_patient(
        actor,
        organisation,
        template="letters/sas/allocation.jinja",
        context=context,
        patient=patient,
        related=episode,
    )
    queue_letter(
        actor,
        organisation,
        template="letters/sas/sas_practice_notice.jinja",
        context=context,
        patient=patient,
        recipient_organisation=practice,
        address_lines=organisation_address_lines(practice),
        related=episode,
    )


def support_organisations(patient):
    """Partner organisations working with the patient (a support worker can help)."""
    return [
        r.organisation
        for r in PatientRelationship.objects.filter(
            patient=patient,
            is_active=True,
            organisation__kind=Organisation.Kind.PARTNER,
        ).select_related("organisation")
    ]


def removal_dates(episode):
    """(removed on, incident on) as the person's local dates, from the removal report; both
    None when there is no report (a commissioner placed them on the scheme)."""
    report = (
        RemovalReport.objects.filter(episode=episode).only("notice_given_at", "incident_at").first()
    )
    if report is None:
        return None, None
    return timezone.localdate(report.notice_given_at), timezone.localdate(report.incident_at)


def allocation_letter_context(episode, practice, appeal, review, policy):
    """Everything docs/domain/sas-removal-and-allocation.md#the-allocation-letter says the
    allocation letter tells the patient, with the dates it relies on: when they were removed (the
    removal took effect when notice was given) and the date of the incident."""
    removed_on, incident_on = removal_dates(episode)
    return {
        "removed_on": removed_on,
        "incident_on": incident_on,
        "episode": episode,
        "patient": episode.patient,
        "sas_practice": practice,
        "removing_practice": episode.removing_practice,
        "commissioner": episode.commissioner,
        "today": timezone.localdate(),
        "appeal_by": appeal.due_on,
        "appeal_explanation": appeal.explanation,
        "review_on": review.due_on,
        "review_every_months": policy.review_every_months,
        "support_organisations": support_organisations(episode.patient),
    }
