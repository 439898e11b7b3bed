"""What every FHIR builder shares: identifier systems, profiles, errors and the small parts of
a resource (references, codes, periods)."""

import datetime
import functools
import json

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
    """A date or an aware datetime as FHIR writes it (dateTime / instant), UTC as "Z" as the
    R4B models write it."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        found = value.isoformat(timespec="seconds")
        return f"{found[:-6]}Z" if found.endswith("+00:00") else found
    return value.isoformat()


def period(start, end=None):
    found = {key: when(value) for key, value in (("start", start), ("end", end)) if value}
    return found or None


def concept(text, *codings):
    """A CodeableConcept, its keys in FHIR's order (coding, then text) as every builder writes
    them, so the data a Valid sends is the model's JSON byte for byte."""
    found = {"coding": list(codings)} if codings else {}
    found["text"] = text
    return found


def without_empty(data):
    """The dict without keys whose value is None or empty: FHIR refuses empty elements."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# Resource types with no person in them (reference data), whose validation is remembered by
# content: enough for about every organisation in England in each process (ADR 0063).
REMEMBERED = frozenset({"Organization"})
REMEMBER_AT_MOST = 8192


class Valid:
    """A resource's data and its JSON, which validated as its fhir.resources R4B model: the
    JSON sent is the JSON that was validated (ADR 0063; ADR 0032 says nothing invalid is sent).

    The data is written with json.dumps, not the model's writer, which walks every element in
    Python and took half a search's time; the tests check the JSON is the model's own JSON
    byte for byte (keys in FHIR's order) for every resource type. The same JSON validated
    before in this process is not validated again for a REMEMBERED type: its validity depends
    only on its text, which is built from the current rows each time, so it is never stale.
    The data must not be changed after."""

    __slots__ = ("data", "text")

    def __init__(self, model_class, data, shell=None):
        """``shell``: what to validate instead, for a Bundle: its data without the entries'
        resources, each of which is a Valid already."""
        self.data = data
        self.text = _json(data)
        check = _check_remembered if model_class.__resource_type__ in REMEMBERED else _check
        # Raises ValidationError: the view answers 500 and nothing is sent.
        check(model_class, self.text if shell is None else _json(shell))

    @property
    def resource_type(self):
        return self.data["resourceType"]

    @property
    def id(self):
        return self.data.get("id")


def _data(value):
    if isinstance(value, Valid):
        return value.data
    raise TypeError(f"{type(value).__name__} is not a validated FHIR resource")


def _json(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_data)


def _check(model_class, text):
    model_class.model_validate_json(text)


# A text that fails raises, and is not remembered: it is refused every time.
_check_remembered = functools.lru_cache(maxsize=REMEMBER_AT_MOST)(_check)
