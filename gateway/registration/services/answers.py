"""The practice's answer (docs/domain/gp-registration.md#national-rules): accept with the date
registered (and the NHS number if known), or refuse with a reason from the registry and free text. A
refusal that is not on reasonable grounds (no ID, no proof of address...) goes on the commissioner's
worklist; the practice's letter to the person is due within 14 days and tracked."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gateway.core.formats import long_date
from gateway.core.permissions import require
from gateway.patients.models import Patient, PatientRelationship
from gateway.patients.rules import nhs_number_digits, nhs_number_error

from .. import queries
from ..rules import dates
from ..rules.refusals import flag_to_commissioner
from .common import (
    Action,
    Kind,
    Status,
    advance,
    clear_alerts,
    history,
    raise_alert,
    record,
    relate,
    require_status,
)

ANSWER = "registration.answer"


def _require_practice(organisation, referral):
    if referral.practice_id != organisation.pk:
        raise PermissionDenied("Only the practice the referral was sent to can answer it")


def _set_nhs_number(patient, nhs_number):
    digits = nhs_number_digits(nhs_number)
    if not digits:
        return []
    error = nhs_number_error(digits, allow_test_range=settings.ALLOW_TEST_NHS_NUMBERS)
    if error:
        raise ValidationError({"nhs_number": error})
    if patient.nhs_number == digits:
        return []
    if patient.nhs_number:
        raise ValidationError(
            {"nhs_number": "This is not the NHS number Gateway has for the person. Check it."}
        )
    if Patient.objects.filter(nhs_number=digits).exclude(pk=patient.pk).exists():
        raise ValidationError(
            {"nhs_number": "Another record on Gateway has this NHS number. Check it."}
        )
    Patient.objects.filter(pk=patient.pk).update(
        nhs_number=digits, version=F("version") + 1, updated_at=timezone.now()
    )
    patient.nhs_number = digits
    return ["nhs_number"]


def accept(actor, organisation, referral, *, registered_on, nhs_number="", expected_version):
    require(actor, ANSWER, organisation)
    _require_practice(organisation, referral)
    require_status(referral, Status.SENT, message="This referral has already been answered")
    today = timezone.localdate()
    if registered_on is None:
        raise ValidationError({"registered_on": "Enter the date the person was registered"})
    if registered_on > today:
        raise ValidationError({"registered_on": "The date registered must be today or earlier"})
    if dates.too_early_to_register(referral.release_date, registered_on):
        raise ValidationError(
            {
                "registered_on": (
                    "A practice can register someone only from one month before they are "
                    f"released. They are released on {long_date(referral.release_date)}, so "
                    "the date registered must be on or after "
                    f"{long_date(dates.earliest_registration(referral.release_date))}."
                )
            }
        )
    policy = queries.policy_for(organisation, today)
    with transaction.atomic():
        changed = _set_nhs_number(referral.patient, nhs_number)
        advance(
            referral,
            expected_version,
            status=Status.REGISTERED,
            registered_on=registered_on,
            first_appointment_due_on=dates.first_appointment_due(registered_on, policy),
            first_appointment_alerted_on=None,
        )
        clear_alerts(referral, Kind.CHASE, Kind.ESCALATION, Kind.PRE_RELEASE)
        # Registered: the practice is now the person's GP, responsible for their care, and
        # the narrower registration request ends (docs/access/caldicott-access-table.md).
        relate(
            referral.patient, organisation, PatientRelationship.Kind.RESPONSIBLE, "Registered GP"
        )
        PatientRelationship.objects.filter(
            patient=referral.patient,
            organisation=organisation,
            kind=PatientRelationship.Kind.REGISTRATION,
            is_active=True,
        ).update(is_active=False, ended_at=timezone.now())
        history(referral, "accepted", Status.SENT, actor=actor, organisation=organisation)
        record(
            Action.STATE_CHANGE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["status", "registered_on", *changed],
            to=Status.REGISTERED,
        )
    return referral


def refuse(actor, organisation, referral, *, reason, detail="", expected_version):
    require(actor, ANSWER, organisation)
    _require_practice(organisation, referral)
    require_status(referral, Status.SENT, message="This referral has already been answered")
    detail = (detail or "").strip()
    if reason is None or not reason.is_active:
        raise ValidationError({"reason": "Choose the reason for refusing"})
    if reason.needs_detail and not detail:
        raise ValidationError({"detail": "Say why the practice is refusing"})
    today = timezone.localdate()
    letter_due = dates.refusal_letter_due(today)
    flagged = flag_to_commissioner(reason.code, reason.is_reasonable_ground)
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            status=Status.REFUSED,
            refused_on=today,
            refusal_reason=reason,
            refusal_detail=detail,
            flagged_to_commissioner=flagged,
            refusal_letter_due_on=letter_due,
            refusal_letter_alerted_on=None,
        )
        clear_alerts(referral, Kind.CHASE, Kind.ESCALATION, Kind.PRE_RELEASE)
        # A refusal is never a dead end: the referrer is told, to choose what to do next.
        raise_alert(
            referral,
            Kind.REFUSED,
            referral.referring_organisation,
            f"{organisation.name} refused: {reason.label}",
        )
        if flagged:
            raise_alert(
                referral,
                Kind.NOT_REASONABLE_REFUSAL,
                organisation.commissioner,
                f"{organisation.name} refused: {reason.label}",
            )
        # The practice keeps sight of the person until its letter to them is due.
        PatientRelationship.objects.filter(
            patient=referral.patient,
            organisation=organisation,
            kind=PatientRelationship.Kind.REGISTRATION,
            is_active=True,
        ).update(expires_on=letter_due)
        history(
            referral, "refused", Status.SENT, actor=actor, organisation=organisation, note=detail
        )
        record(
            Action.STATE_CHANGE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["status", "refusal_reason", "refusal_detail"],
            to=Status.REFUSED,
            reason=reason.code,
            flagged_to_commissioner=flagged,
        )
    return referral


def record_refusal_letter(actor, organisation, referral, *, sent_on, expected_version):
    """The practice wrote to the person with its reasons
    (docs/domain/gp-registration.md#national-rules: within 14 days)."""
    require(actor, ANSWER, organisation)
    _require_practice(organisation, referral)
    require_status(referral, Status.REFUSED, message="Only a refused referral needs this letter")
    if sent_on is None or sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "Enter the date the letter was sent, today or earlier"})
    if referral.refusal_letter_sent_on:
        raise ValidationError("The letter has already been recorded")
    with transaction.atomic():
        advance(referral, expected_version, refusal_letter_sent_on=sent_on)
        clear_alerts(referral, Kind.REFUSAL_LETTER_OVERDUE)
        history(
            referral, "refusal letter sent", referral.status, actor=actor, organisation=organisation
        )
        record(
            Action.UPDATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=["refusal_letter_sent_on"],
        )
    return referral
