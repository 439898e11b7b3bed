"""Recording and withdrawing a person's consent, and keeping access in step with it
(docs/domain/gp-registration.md#registration-through-probation-and-other-services "with consent";
Caldicott: need-to-know).

Consent is enforced, not just noted. Consent to share information with an organisation that
has no other reason to see the person links that organisation to them (a PatientRelationship
of the consent kind, ending on the consent's expiry date, which the scoped queries honour at
read time). Withdrawing the consent ends that link at once. Routing messages through a worker
stops by itself: the contact plan asks whether the consent is in force each time."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Membership
from gateway.audit import services as audit

from ..models import Consent, Patient, PatientRelationship
from .patients import require_change

Purpose = Consent.Purpose
Kind = PatientRelationship.Kind


def _is_member(user, organisation):
    return Membership.objects.filter(user=user, organisation=organisation, is_active=True).exists()


def _clean(data, today):
    errors = {}
    purpose = data.get("purpose")
    if purpose not in Purpose.values:
        errors["purpose"] = "Choose what the person agreed to"
    organisation = data.get("organisation")
    if organisation is None:
        errors["organisation"] = "Choose the organisation the consent is with"
    worker = data.get("worker")
    if purpose == Purpose.CONTACT_THROUGH_WORKER and worker is None:
        errors["worker"] = "Choose the worker the person agreed to be contacted through"
    if worker is not None and organisation is not None and not _is_member(worker, organisation):
        errors["worker"] = (
            f"{worker.display_name} does not work for {organisation.name}: choose someone who does"
        )
    scope = (data.get("scope") or "").strip()
    if not scope:
        errors["scope"] = "Say what the person agreed to share or allow"
    elif len(scope) > 500:
        errors["scope"] = "What the person agreed to must be 500 characters or fewer"
    starts_on = data.get("starts_on")
    expires_on = data.get("expires_on")
    if starts_on is None:
        errors["starts_on"] = "Enter the date the person gave consent"
    elif starts_on > today:
        errors["starts_on"] = (
            "The date the person gave consent cannot be in the future: record it when they give it"
        )
    if expires_on is not None:
        if starts_on is not None and expires_on < starts_on:
            errors["expires_on"] = "The end date must be on or after the date consent was given"
        elif expires_on < today:
            errors["expires_on"] = "The end date must be today or later"
    if data.get("method") not in Consent.Method.values:
        errors["method"] = "Choose how the person gave consent"
    if errors:
        raise ValidationError(errors)
    return {
        "purpose": purpose,
        "organisation": organisation,
        "worker": worker,
        "scope": scope,
        "starts_on": starts_on,
        "expires_on": expires_on,
        "method": data["method"],
    }


def _covers_longer(consent, other):
    """True when consent runs at least as long as other (no expiry is the longest)."""
    if consent.expires_on is None:
        return True
    return other.expires_on is not None and consent.expires_on >= other.expires_on


def sync_consent_access(patient, organisation, *, reason=""):
    """Make the organisation's consent link to the person match their consents to share
    today: linked (ending when the longest-running consent ends) while one is in force and the
    organisation has no other link; not linked otherwise. Returns the link or None."""
    today = timezone.localdate()
    in_force = [
        c
        for c in Consent.objects.filter(
            patient=patient, organisation=organisation, purpose=Purpose.SHARE_INFORMATION
        )
        if c.is_in_force(today)
    ]
    links = PatientRelationship.objects.select_for_update().filter(
        patient=patient, organisation=organisation, is_active=True
    )
    consent_link = next((r for r in links if r.kind == Kind.CONSENT), None)
    other_link = any(r.kind != Kind.CONSENT for r in links)
    if not in_force or other_link:
        if consent_link is not None and not in_force:
            consent_link.is_active = False
            consent_link.ended_at = timezone.now()
            consent_link.reason = (reason or "Consent to share is no longer in force")[:200]
            consent_link.save(update_fields=["is_active", "ended_at", "reason", "updated_at"])
        return None if consent_link is None or not in_force else consent_link
    longest = in_force[0]
    for consent in in_force[1:]:
        if _covers_longer(consent, longest):
            longest = consent
    if consent_link is None:
        return PatientRelationship.objects.create(
            patient=patient,
            organisation=organisation,
            kind=Kind.CONSENT,
            consent=longest,
            expires_on=longest.expires_on,
            reason="The person consented to share information",
        )
    consent_link.consent = longest
    consent_link.expires_on = longest.expires_on
    consent_link.save(update_fields=["consent", "expires_on", "updated_at"])
    return consent_link


def record_consent(actor, organisation, patient, data):
    """Record what the person agreed to, with whom, from when and until when, and how."""
    today = timezone.localdate()
    with transaction.atomic():
        require_change(actor, organisation, patient)
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        values = _clean(data, today)
        consent = Consent.objects.create(
            patient=patient,
            recorded_by=actor,
            recorded_by_organisation=organisation,
            **values,
        )
        link = None
        if consent.purpose == Purpose.SHARE_INFORMATION:
            link = sync_consent_access(patient, consent.organisation)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=consent,
            patient=patient,
            changed_fields=list(values),
            detail={
                "purpose": consent.purpose,
                "method": consent.method,
                "with_organisation": str(consent.organisation.public_id),
                "linked_by_consent": link is not None,
            },
        )
        return consent


def withdraw_consent(actor, organisation, consent, *, withdrawn_on, note):
    """The person has withdrawn consent: it stops counting from now, an organisation linked
    only by it loses access, and messages stop going through the worker it named."""
    today = timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if withdrawn_on is None:
        errors["withdrawn_on"] = "Enter the date the person withdrew consent"
    elif withdrawn_on > today:
        errors["withdrawn_on"] = "The date consent was withdrawn cannot be in the future"
    elif withdrawn_on < consent.starts_on:
        errors["withdrawn_on"] = "The date consent was withdrawn cannot be before it was given"
    if len(note) > 300:
        errors["note"] = "The note must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        require_change(actor, organisation, consent.patient)
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ValidationError("This consent has already been withdrawn")
        now = timezone.now()
        when = (
            now
            if withdrawn_on == today
            else timezone.make_aware(datetime.datetime.combine(withdrawn_on, datetime.time()))
        )
        consent.withdrawn_at = when
        consent.withdrawn_by = actor
        consent.withdrawal_note = note
        consent.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note", "updated_at"]
        )
        if consent.purpose == Purpose.SHARE_INFORMATION:
            sync_consent_access(
                consent.patient, consent.organisation, reason="The person withdrew consent"
            )
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=consent,
            patient=consent.patient_id,
            changed_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"],
            detail={"purpose": consent.purpose, "withdrawn": True},
        )
        return consent
