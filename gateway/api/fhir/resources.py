"""What each resource type answers: its search parameters, its search and its read. Every
read of a person's resources needs the token's role to allow viewing people
(`patients.view_patient`, as /api/v1) and is audited as a view of that person; a person the
organisation cannot see is a 404 on read and an empty Bundle on search, exactly like nobody."""

from dataclasses import dataclass

from django.http import Http404

from gateway.audit import services as audit
from gateway.core.permissions import require
from gateway.patients.rules import is_valid_nhs_number

from . import reads
from .common import NHS_NUMBER_SYSTEM, ODS_CODE_SYSTEM, invalid, not_supported
from .consents import consent_resource
from .episodes import episode_resource
from .flags import flag_resource
from .organisations import organisation_resource
from .patients import patient_resource
from .referrals import registration_request, service_request
from .search import Result, page_of

VIEW = "patients.view_patient"
VIEW_REGISTRATION = "registration.view_referral"
VIEW_SUPPORT = "support.view_support"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    documentation: str


@dataclass(frozen=True)
class ResourceType:
    name: str
    params: tuple
    search: object
    read: object = None

    @property
    def param_names(self):
        return tuple(p.name for p in self.params)


def _require_view(request):
    require(request.user, VIEW, request.current_organisation)


def _scope(request):
    return request.user, request.current_organisation


def _system_value(value, system, example):
    found, bar, code = value.rpartition("|")
    if not bar or found != system or not code:
        raise not_supported(f"Search by identifier={system}|{example}")
    return code


def _viewed(request, person, what, obj=None):
    audit.record_view(request, person, what=f"fhir {what}", obj=obj)


# --- Patient ------------------------------------------------------------------------------


def search_patients(request, search):
    _require_view(request)
    value = search.params.get("identifier")
    if value is None:
        raise invalid(f"Search Patient by identifier={NHS_NUMBER_SYSTEM}|<NHS number>")
    nhs_number = _system_value(value, NHS_NUMBER_SYSTEM, "<NHS number>")
    if not is_valid_nhs_number(nhs_number) or not nhs_number.isdigit():
        raise invalid("The identifier is not a valid NHS number (10 digits, with a check digit)")
    total, people = page_of(reads.patients_with_nhs_number(*_scope(request), nhs_number), search)
    for person in people:
        _viewed(request, person, "Patient search")
    return Result(total, [patient_resource(person) for person in people])


def read_patient(request, public_id):
    _require_view(request)
    person = reads.patient(*_scope(request), public_id)
    _viewed(request, person, "Patient")
    return patient_resource(person)


# --- Organization (reference data: any valid token) ---------------------------------------


def search_organisations(request, search):
    value = search.params.get("identifier")
    if value is None:
        rows = reads.organisations()
    else:
        rows = reads.organisations_with_ods_code(
            _system_value(value, ODS_CODE_SYSTEM, "<ODS code>").upper()
        )
    total, found = page_of(rows, search)
    return Result(total, [organisation_resource(o) for o in found])


def read_organisation(request, public_id):
    return organisation_resource(reads.organisation(public_id))


# --- About one person: found by ?patient= ---------------------------------------------------


def _person(request, search, what):
    """The person a search is about, or None (unknown or not visible: an empty Bundle)."""
    _require_view(request)
    value = search.params.get("patient")
    if value is None:
        raise invalid(f"Search {search.resource_type} by patient=<Patient id>")
    person = reads.patient_or_none(*_scope(request), value.removeprefix("Patient/"))
    if person is not None:
        _viewed(request, person, what)
    return person


def search_episodes(request, search):
    person = _person(request, search, "EpisodeOfCare search")
    if person is None:
        return Result(0, [])
    total, found = page_of(reads.episodes_of(*_scope(request), person), search)
    return Result(total, [episode_resource(e) for e in found])


def read_episode(request, public_id):
    _require_view(request)
    episode = reads.episode(*_scope(request), public_id)
    _viewed(request, episode.patient, "EpisodeOfCare", episode)
    return episode_resource(episode)


def search_flags(request, search):
    person = _person(request, search, "Flag search")
    if person is None:
        return Result(0, [])
    total, found = page_of(reads.flags_of(person), search)
    return Result(total, [flag_resource(f, person) for f in found])


def search_consents(request, search):
    person = _person(request, search, "Consent search")
    if person is None:
        return Result(0, [])
    total, found = page_of(reads.consents_of(person), search)
    return Result(total, [consent_resource(c) for c in found])


def read_consent(request, public_id):
    _require_view(request)
    consent = reads.consent(*_scope(request), public_id)
    _viewed(request, consent.patient, "Consent", consent)
    return consent_resource(consent)


# ServiceRequest: registration referrals first, then referrals to services, each newest
# first. Each kind is there only if the token's role may see it; when one is left out the
# Bundle says so (an OperationOutcome entry), so "none" is never mistaken for "not shown".
LEFT_OUT = {
    VIEW_REGISTRATION: "GP registration referrals are left out: your organisation's role "
    "does not allow seeing them.",
    VIEW_SUPPORT: "Referrals to services are left out: your organisation's role does not "
    "allow seeing them.",
}


def _referral_kinds(request):
    user, organisation = _scope(request)
    return {perm: user.has_perm(perm, organisation) for perm in (VIEW_REGISTRATION, VIEW_SUPPORT)}


def search_referrals(request, search):
    person = _person(request, search, "ServiceRequest search")
    allowed = _referral_kinds(request)
    warnings = [LEFT_OUT[perm] for perm, ok in allowed.items() if not ok]
    if person is None:
        return Result(0, [], warnings)
    parts = []
    if allowed[VIEW_REGISTRATION]:
        rows = reads.registration_referrals_of(*_scope(request), person)
        parts.append((rows, registration_request))
    if allowed[VIEW_SUPPORT]:
        parts.append((reads.service_referrals_of(person), service_request))
    counts = [rows.count() for rows, _ in parts]
    resources, start, wanted = [], search.offset, search.count
    for (rows, build), count in zip(parts, counts, strict=True):
        if wanted and start < count:
            taken = list(rows[start : start + wanted])
            resources += [build(r) for r in taken]
            wanted -= len(taken)
        start = max(start - count, 0)
    return Result(sum(counts), resources, warnings)


def read_referral(request, public_id):
    _require_view(request)
    allowed = _referral_kinds(request)
    finders = [
        (reads.registration_referral, registration_request, allowed[VIEW_REGISTRATION]),
        (reads.service_referral, service_request, allowed[VIEW_SUPPORT]),
    ]
    for find, build, ok in finders:
        if not ok:
            continue
        try:
            referral = find(*_scope(request), public_id)
        except Http404:
            continue
        _viewed(request, referral.patient, "ServiceRequest", referral)
        return build(referral)
    raise Http404("No referral matches the given query.")


PATIENT = Param("patient", "reference", "The person (Patient id); required")

RESOURCE_TYPES = {
    r.name: r
    for r in (
        ResourceType(
            "Patient",
            (Param("identifier", "token", f"{NHS_NUMBER_SYSTEM}|<NHS number>; required"),),
            search_patients,
            read_patient,
        ),
        ResourceType(
            "Organization",
            (Param("identifier", "token", f"{ODS_CODE_SYSTEM}|<ODS code>"),),
            search_organisations,
            read_organisation,
        ),
        ResourceType("EpisodeOfCare", (PATIENT,), search_episodes, read_episode),
        ResourceType("Flag", (PATIENT,), search_flags),
        ResourceType("ServiceRequest", (PATIENT,), search_referrals, read_referral),
        ResourceType("Consent", (PATIENT,), search_consents, read_consent),
    )
}
