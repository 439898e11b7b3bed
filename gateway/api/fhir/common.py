"""What every FHIR builder shares: identifier systems, profiles, errors and the small parts of
a resource (references, codes, periods)."""

import datetime

# Identifier systems (docs/domain/identifiers-and-reference-data.md#fhir-uk-core).
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"

UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/"
# The UK Core profile each resource claims in meta.profile. Consent claims none: UK Core R4
# as published has no Consent profile Gateway has checked its resources against.
PROFILES = {
    "Patient": f"{UK_CORE}UKCore-Patient",
    "Organization": f"{UK_CORE}UKCore-Organization",
    "EpisodeOfCare": f"{UK_CORE}UKCore-EpisodeOfCare",
    "Flag": f"{UK_CORE}UKCore-Flag",
    "ServiceRequest": f"{UK_CORE}UKCore-ServiceRequest",
}

SNOMED = "http://snomed.info/sct"
# SNOMED CT 3457005 |Patient referral|: the category of every ServiceRequest Gateway sends.
PATIENT_REFERRAL = {"system": SNOMED, "code": "3457005", "display": "Patient referral"}

FHIR_JSON = "application/fhir+json"
FHIR_VERSION = "4.0.1"


class FhirError(Exception):
    """A request Gateway answers with an OperationOutcome: the HTTP status, the FHIR issue
    type (http://hl7.org/fhir/issue-type) and what went wrong in plain words."""

    def __init__(self, status, code, diagnostics):
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics


def invalid(diagnostics):
    return FhirError(400, "invalid", diagnostics)


def not_supported(diagnostics):
    return FhirError(400, "not-supported", diagnostics)


def meta(resource_type):
    profile = PROFILES.get(resource_type)
    return {"profile": [profile]} if profile else None


def reference(resource_type, public_id, display=None):
    found = {"reference": f"{resource_type}/{public_id}"}
    if display:
        found["display"] = display
    return found


def patient_reference(patient):
    return reference("Patient", patient.public_id)


def organisation_reference(organisation):
    return reference("Organization", organisation.public_id, organisation.name)


def when(value):
    """A date or an aware datetime as FHIR writes it (dateTime / instant)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def period(start, end=None):
    found = {key: when(value) for key, value in (("start", start), ("end", end)) if value}
    return found or None


def concept(text, *codings):
    found = {"text": text}
    if codings:
        found["coding"] = list(codings)
    return found


def without_empty(data):
    """The dict without keys whose value is None or empty: FHIR refuses empty elements."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
