"""Referring someone for GP registration (docs/domain/gp-registration.md): their consent, their
address for registration and the referral, recorded before anything is sent; and withdrawing a
referral.
Choosing the practice and sending the referral are in sending.py."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.formats import long_date
from gateway.core.permissions import require
from gateway.patients import services as patient_services
from gateway.patients.models import Address, Consent, PatientRelationship

from ..models import RegistrationAlert, RegistrationReferral
from ..rules import dates
from .common import (
    REFER,
    Action,
    Status,
    advance,
    history,
    record,
    relate,
    require_patient,
    require_referrer,
    require_status,
)

Basis = RegistrationReferral.AddressBasis
NO_CONSENT = (
    "The person must agree to the referral before anything is sent. Ask them, and record how "
    "they agreed."
)


def _check_prison(data):
    errors = {}
    if not data.get("is_prison_leaver"):
        return errors
    release = data.get("release_date")
    if not release:
        errors["release_date"] = "Enter the release date"
    elif dates.too_early_to_register(release, timezone.localdate()):
        errors["release_date"] = (
            "A practice can register someone only from one month before they are released. "
            f"They are released on {long_date(release)}, so refer them on or after "
            f"{long_date(dates.earliest_registration(release))}."
        )
    if not (data.get("releasing_establishment") or "").strip():
        errors["releasing_establishment"] = "Enter the prison or other establishment"
    days = data.get("medication_days")
    if days is not None and not 0 < days <= dates.MAX_MEDICATION_DAYS:
        errors["medication_days"] = "Medicines on release cover up to 28 days: enter 1 to 28"
    days = data.get("opioid_substitution_days")
    if days is not None and not 0 < days <= dates.MAX_OPIOID_SUBSTITUTION_DAYS:
        errors["opioid_substitution_days"] = (
            "Opioid substitution on release covers up to 14 days: enter 1 to 14"
        )
    return errors


def check_referral(organisation, data):
    """The service's own checks on a referral's answers, before anything is written (so the
    form can say what is wrong before the check-answers page)."""
    _check(organisation, data)


def _check(organisation, data):
    errors = {}
    if not data.get("consent_given"):
        errors["consent_given"] = NO_CONSENT
    elif not data.get("consent_method"):
        errors["consent_method"] = "Say how the person agreed"
    basis = data.get("address_basis")
    if basis == Basis.PROXY and not organisation.postcode:
        errors["address_basis"] = (
            "Your organisation has no postcode on Gateway, so it cannot be a proxy address. "
            "Ask your organisation admin to add it."
        )
    if basis in (Basis.OWN, Basis.TEMPORARY) and not data.get("postcode"):
        errors["postcode"] = "Enter the postcode of the address, or use your office as a proxy"
    if data.get("identity_confirmed") and not data.get("identity_method"):
        errors["identity_method"] = "Say how you confirmed who the person is"
    errors.update(_check_prison(data))
    if errors:
        raise ValidationError(errors)


def _set_address(patient, organisation, data):
    """The address for registration: own, temporary, or the referrer's office as a proxy
    (care-of) address
    (docs/domain/gp-registration.md#registration-through-probation-and-other-services). The previous
    current address is kept as history."""
    basis = data["address_basis"]
    if basis == Basis.PROXY:
        lines = [line for line in (organisation.address or "").splitlines() if line.strip()]
        values = {
            "kind": Address.Kind.CARE_OF,
            "care_of_organisation": organisation,
            "line_1": lines[0] if lines else "",
            "line_2": lines[1] if len(lines) > 1 else "",
            "town": lines[2] if len(lines) > 2 else "",
            "postcode": organisation.postcode,
        }
    else:
        values = {
            "kind": Address.Kind.HOME if basis == Basis.OWN else Address.Kind.TEMPORARY,
            "line_1": data.get("address_line_1", ""),
            "line_2": data.get("address_line_2", ""),
            "town": data.get("town", ""),
            "postcode": data.get("postcode", ""),
        }
    today = timezone.localdate()
    Address.objects.filter(patient=patient, is_current=True).update(
        is_current=False, valid_to=today, updated_at=timezone.now()
    )
    return Address.objects.create(patient=patient, valid_from=today, **values)


REFERRAL_FIELDS = (
    "address_basis",
    "identity_confirmed",
    "identity_method",
    "identity_note",
    "adjustments",
    "is_prison_leaver",
    "release_date",
    "releasing_establishment",
    "medication_on_release",
    "medication_days",
    "opioid_substitution",
    "opioid_substitution_days",
)


def refer(actor, organisation, patient, data):
    """Record the person's consent, their address for registration and the referral.
    ``data``: the referral form's cleaned data. Identity not confirmed never stops it."""
    require(actor, REFER, organisation)
    require_patient(actor, organisation, patient)
    _check(organisation, data)
    today = timezone.localdate()
    values = {name: data.get(name) for name in REFERRAL_FIELDS}
    for name in ("identity_method", "identity_note", "adjustments", "releasing_establishment"):
        values[name] = (values[name] or "").strip()
    values["medication_on_release"] = (values["medication_on_release"] or "").strip()
    for name in ("identity_confirmed", "is_prison_leaver", "opioid_substitution"):
        values[name] = bool(values[name])
    if not values["is_prison_leaver"]:
        values.update(
            release_date=None,
            releasing_establishment="",
            medication_on_release="",
            medication_days=None,
            opioid_substitution=False,
            opioid_substitution_days=None,
        )
    with transaction.atomic():
        consent = Consent.objects.create(
            patient=patient,
            purpose=Consent.Purpose.REGISTER_WITH_GP,
            organisation=organisation,
            worker=actor,
            scope="Refer to a GP practice to register, sharing the details in the referral",
            starts_on=today,
            method=data["consent_method"],
            recorded_by=actor,
            recorded_by_organisation=organisation,
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=consent,
            object_type="patients.Consent",
            object_id=str(consent.pk),
            patient=patient,
            changed_fields=["purpose", "method"],
            detail={"purpose": consent.purpose},
        )
        _set_address(patient, organisation, data)
        referral = RegistrationReferral.objects.create(
            patient=patient,
            referring_organisation=organisation,
            referred_by=actor,
            consent=consent,
            referred_on=today,
            identity_confirmed_by=actor if values["identity_confirmed"] else None,
            identity_confirmed_on=today if values["identity_confirmed"] else None,
            **values,
        )
        relate(
            patient,
            organisation,
            PatientRelationship.Kind.CONSENT,
            "GP registration",
            None,
            consent,
        )
        history(referral, "referred", "", actor=actor, organisation=organisation)
        record(
            Action.CREATE,
            referral,
            actor=actor,
            organisation=organisation,
            changed=[*REFERRAL_FIELDS, "consent", "address"],
            consent_method=consent.method,
        )
    return referral


def refer_new_person(actor, organisation, person, data):
    """Add the person with the minimum data PCSE needs
    (docs/domain/gp-registration.md#national-rules: estimated date of birth allowed, NHS number
    optional) and refer them, in one transaction. Raises patients.services.DuplicatePatient when
    they may already be on Gateway."""
    require(actor, REFER, organisation)
    _check(organisation, data)
    with transaction.atomic():
        patient = patient_services.create_patient(
            actor,
            organisation,
            person,
            confirmed_not_duplicate=person.get("confirmed_not_duplicate", False),
        )
        return refer(actor, organisation, patient, data)


def estimated_date_of_birth(year):
    """docs/domain/gp-registration.md#national-rules: 1 January of the estimated year when the date
    is unknown."""
    return datetime.date(year, 1, 1)


def withdraw(actor, organisation, referral, reason, expected_version):
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    require_status(
        referral, *RegistrationReferral.OPEN_STATUSES, message="This referral is already closed"
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the referral is withdrawn"})
    with transaction.atomic():
        _withdraw(actor, organisation, referral, reason, expected_version)
    return referral


def _withdraw(actor, organisation, referral, reason, expected_version):
    before = referral.status
    advance(referral, expected_version, status=Status.WITHDRAWN)
    if referral.practice_id:
        PatientRelationship.objects.filter(
            patient=referral.patient,
            organisation=referral.practice,
            kind=PatientRelationship.Kind.REGISTRATION,
            is_active=True,
        ).update(is_active=False, ended_at=timezone.now())
    # Nothing is left to chase, escalate or warn about on anyone's worklist.
    RegistrationAlert.objects.filter(referral=referral, cleared_at__isnull=True).update(
        cleared_at=timezone.now()
    )
    history(referral, "withdrawn", before, actor=actor, organisation=organisation, note=reason)
    record(Action.STATE_CHANGE, referral, actor=actor, organisation=organisation, to="withdrawn")


def withdraw_on_death(actor, organisation, patient, reason):
    """The person died: their open registration referrals are withdrawn whoever made them,
    inside the caller's transaction (the death record, gateway.support.services.deaths), so no
    practice keeps being chased about someone who has died. Returns how many."""
    open_referrals = RegistrationReferral.objects.select_for_update().filter(
        patient=patient, status__in=RegistrationReferral.OPEN_STATUSES
    )
    count = 0
    for referral in open_referrals:
        _withdraw(actor, organisation, referral, reason, referral.version)
        count += 1
    return count
