"""Every write to the support team and working agreements
(docs/domain/multiple-disadvantage.md#what-helps "what helps": collaboration rather than
signposting, continuity, working agreements made with the person). Check permission, write, audit —
in one transaction. Refusals are ValidationError (plain words, by field) or PermissionDenied.

Another organisation joins the person's team only while the person's consent to share
information with it is in force (Caldicott; the consent row is kept on the membership)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.patients.models import Consent
from gateway.patients.queries import consent_in_force

from ..models import SupportTeamMember, WorkingAgreement
from .common import not_in_future, require_access, save_if_unchanged

SHARE = Consent.Purpose.SHARE_INFORMATION

Action = audit.Action
RECORD = "support.record_support"


def _audit(action, actor, organisation, obj, patient, fields=(), detail=None):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=obj,
        patient=patient,
        changed_fields=list(fields),
        detail=detail,
    )


def _clear_lead(actor, organisation, patient, keep=None):
    """The previous lead stays on the team, no longer as lead (audited: who stopped being the
    lead is part of the history)."""
    open_leads = SupportTeamMember.objects.select_for_update().filter(
        patient=patient, is_lead=True, ended_on__isnull=True
    )
    if keep is not None:
        open_leads = open_leads.exclude(pk=keep.pk)
    for previous in open_leads:
        save_if_unchanged(previous, previous.version, is_lead=False)
        _audit(Action.UPDATE, actor, organisation, previous, patient, ["is_lead"])


def add_team_member(
    actor,
    organisation,
    patient,
    *,
    member_organisation,
    role,
    started_on,
    worker=None,
    worker_name="",
    worker_contact="",
    is_lead=False,
):
    """Add a worker or organisation to the person's support team. The acting organisation
    may add itself; any other organisation needs the person's share_information consent for
    it in force on the start date."""
    require_access(actor, organisation, patient, RECORD)
    role = (role or "").strip()
    if not role:
        raise ValidationError({"role": "Enter what they do for the person"})
    not_in_future(started_on, "started_on", "The date they joined")
    consent = None
    if member_organisation.pk != organisation.pk:
        consent = consent_in_force(patient, SHARE, member_organisation)
        if consent is None:
            raise ValidationError(
                {
                    "member_organisation": (
                        f"The person has not agreed to share information with "
                        f"{member_organisation.name}, or their consent has ended. Record "
                        "their consent first, then add the organisation."
                    )
                }
            )
    if (
        worker is not None
        and not worker.memberships.filter(organisation=member_organisation, is_active=True).exists()
    ):
        raise ValidationError(
            {"worker": f"Choose someone who works for {member_organisation.name}"}
        )
    if is_lead and worker is None and not (worker_name or "").strip():
        raise ValidationError({"is_lead": "A lead worker must be a named person"})
    with transaction.atomic():
        if is_lead:
            _clear_lead(actor, organisation, patient)
        member = SupportTeamMember.objects.create(
            patient=patient,
            organisation=member_organisation,
            worker=worker,
            worker_name="" if worker else (worker_name or "").strip(),
            worker_contact=(worker_contact or "").strip(),
            role=role,
            is_lead=is_lead,
            consent=consent,
            started_on=started_on,
            added_by=actor,
            added_by_organisation=organisation,
        )
        _audit(
            Action.CREATE,
            actor,
            organisation,
            member,
            patient,
            ["organisation", "worker", "role", "is_lead", "started_on"],
        )
    return member


def end_team_member(actor, organisation, member, expected_version, *, ended_on, reason=""):
    """They leave the team; the row stays as history. A lead worker who leaves is no longer
    the lead (the page then says there is no lead worker)."""
    require_access(actor, organisation, member.patient, RECORD)
    if member.ended_on is not None:
        raise ValidationError("They have already left the support team")
    not_in_future(ended_on, "ended_on", "The date they left")
    if ended_on < member.started_on:
        raise ValidationError({"ended_on": "The date they left must be after they joined"})
    with transaction.atomic():
        save_if_unchanged(
            member,
            expected_version,
            ended_on=ended_on,
            end_reason=(reason or "").strip(),
            is_lead=False,
        )
        _audit(
            Action.UPDATE,
            actor,
            organisation,
            member,
            member.patient,
            ["ended_on", "end_reason", "is_lead"],
        )
    return member


def set_lead_worker(actor, organisation, member, expected_version):
    """Make a current named team member the one open lead worker (the previous lead stays on
    the team, no longer as lead)."""
    require_access(actor, organisation, member.patient, RECORD)
    if member.ended_on is not None:
        raise ValidationError("Someone who has left the team cannot be the lead worker")
    if member.worker_id is None and not member.worker_name:
        raise ValidationError("A lead worker must be a named person")
    with transaction.atomic():
        _clear_lead(actor, organisation, member.patient, keep=member)
        save_if_unchanged(member, expected_version, is_lead=True)
        _audit(Action.UPDATE, actor, organisation, member, member.patient, ["is_lead"])
    return member


def record_agreement(
    actor,
    organisation,
    patient,
    *,
    replaces,
    agreed_on,
    review_on,
    persons_goals,
    services_will,
    person_will="",
    how_to_keep_in_touch="",
    person_agreed=False,
    services=(),
):
    """Record a working agreement made with the person; it supersedes the current one.
    replaces: the current agreement the user saw (None if there was none) — if another has
    been recorded since, refuse rather than silently supersede it."""
    require_access(actor, organisation, patient, RECORD)
    errors = {}
    if not (persons_goals or "").strip():
        errors["persons_goals"] = "Enter what the person wants, in their words"
    if not (services_will or "").strip():
        errors["services_will"] = "Enter what the services will do"
    if agreed_on > timezone.localdate():
        errors["agreed_on"] = "The date it was agreed must be today or in the past"
    elif review_on < agreed_on:
        errors["review_on"] = "The review date must be on or after the date it was agreed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = (
            WorkingAgreement.objects.select_for_update()
            .filter(patient=patient, superseded_at__isnull=True)
            .first()
        )
        if (current.pk if current else None) != (replaces.pk if replaces else None):
            raise ValidationError(
                "Someone else recorded a working agreement while you were writing this one. "
                "Read the current agreement, then record yours again.",
                code="stale",
            )
        if current is not None:
            save_if_unchanged(current, current.version, superseded_at=timezone.now())
            _audit(Action.UPDATE, actor, organisation, current, patient, ["superseded_at"])
        agreement = WorkingAgreement.objects.create(
            patient=patient,
            agreed_on=agreed_on,
            review_on=review_on,
            persons_goals=persons_goals.strip(),
            services_will=services_will.strip(),
            person_will=(person_will or "").strip(),
            how_to_keep_in_touch=(how_to_keep_in_touch or "").strip(),
            person_agreed=person_agreed,
            recorded_by=actor,
            organisation=organisation,
        )
        agreement.services.set(services)
        _audit(
            Action.CREATE,
            actor,
            organisation,
            agreement,
            patient,
            ["agreed_on", "review_on", "persons_goals", "services_will", "services"],
        )
    return agreement
