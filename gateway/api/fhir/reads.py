"""What the FHIR API reads, each through an app's scoped query, so a token sees exactly the
people its organisation's staff can (fail closed: no relationship, nothing). Each returns a
queryset (or one object) with what its builder needs joined, so a page of results costs a
fixed number of queries however long it is."""

import uuid

from django.http import Http404

from gateway.accounts import queries as accounts
from gateway.patients import queries as patients
from gateway.registration import queries as registration
from gateway.sas import queries as sas
from gateway.support.queries import referrals as support_referrals


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- People ---------------------------------------------------------------------------------


def _people(user, organisation):
    return (
        patients.visible_patients(user, organisation)
        .select_related("death")  # a recorded death, one per person (gateway.support)
        .prefetch_related("addresses__care_of_organisation")
    )


def patient(user, organisation, public_id):
    """The person, or 404 (another organisation's person looks exactly like nobody)."""
    found = _uuid(public_id)
    person = _people(user, organisation).filter(public_id=found).first() if found else None
    if person is None:
        raise Http404("No patient matches the given query.")
    return person


def patients_with_nhs_number(user, organisation, nhs_number):
    return _people(user, organisation).filter(nhs_number=nhs_number).order_by("pk")


def patient_or_none(user, organisation, public_id):
    """For a search by patient: None when the person is unknown or not visible, so the
    search is empty either way."""
    try:
        return patient(user, organisation, public_id)
    except Http404:
        return None


# --- Organisations (reference data, not about a person) -------------------------------------


def organisations():
    return accounts.organisations()


def organisations_with_ods_code(code):
    return accounts.organisations().filter(ods_code=code)


def organisation(public_id):
    found = _uuid(public_id)
    chosen = accounts.organisations().filter(public_id=found).first() if found else None
    if chosen is None:
        raise Http404("No organisation matches the given query.")
    return chosen


# --- About one person -----------------------------------------------------------------------

EPISODE_RELATED = ("patient", "commissioner", "sas_practice")


def episodes_of(user, organisation, person):
    return (
        sas.visible_episodes(user, organisation)
        .filter(patient=person)
        .select_related(*EPISODE_RELATED)
        .prefetch_related("history")
        .order_by("-created_at", "-pk")
    )


def episode(user, organisation, public_id):
    found = _uuid(public_id)
    chosen = (
        sas.visible_episodes(user, organisation)
        .filter(public_id=found)
        .select_related(*EPISODE_RELATED)
        .prefetch_related("history")
        .first()
        if found
        else None
    )
    if chosen is None:
        raise Http404("No episode matches the given query.")
    return chosen


def flags_of(person):
    """Every flag of the person, open and ended, oldest first."""
    return person.flags.select_related("set_by_organisation").order_by("created_at", "pk")


CONSENT_RELATED = ("patient", "organisation", "recorded_by_organisation")


def consents_of(person):
    return person.consents.select_related(*CONSENT_RELATED).order_by("-starts_on", "-pk")


def consent(user, organisation, public_id):
    found = _uuid(public_id)
    if found is None:
        raise Http404("No consent matches the given query.")
    return patients.get_visible_consent(user, organisation, found)


REGISTRATION_RELATED = (
    "patient",
    "consent",
    "referring_organisation",
    "practice",
    "refusal_reason",
)
SERVICE_RELATED = (
    "patient",
    "consent",
    "referring_organisation",
    "receiving_organisation",
    "decline_reason",
)


def registration_referrals_of(user, organisation, person):
    """The person's GP registration referrals this organisation is involved in."""
    return (
        registration.visible_referrals(user, organisation)
        .filter(patient=person)
        .select_related(*REGISTRATION_RELATED)
        .order_by("-referred_on", "-pk")
    )


def service_referrals_of(person):
    return (
        support_referrals.referrals_for(person)
        .select_related(*SERVICE_RELATED)
        .order_by("-sent_on", "-pk")
    )


def registration_referral(user, organisation, public_id):
    found = _uuid(public_id)
    if found is None:
        raise Http404("No referral matches the given query.")
    return registration.get_visible_referral(user, organisation, found)


def service_referral(user, organisation, public_id):
    found = _uuid(public_id)
    if found is None:
        raise Http404("No referral matches the given query.")
    return support_referrals.get_visible_referral(user, organisation, found)
