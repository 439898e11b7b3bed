"""Patient (UK Core): who the person is, as Gateway holds it (the full table is in
docs/fhir.md#patient).

- `id` is the public id, never the database key.
- NHS number: `identifier` (`https://fhir.nhs.uk/Id/nhs-number`) with the UK Core
  verification status `02` "Number present but not traced". Gateway checks the check digit
  and duplicates but never traces a number with the Personal Demographics Service, so it never
  claims `01` "verified". No NHS number: no identifier (UK Core needs a value).
- Names: `official` (first, last, title), and `usual` for a preferred name.
- `gender` from sex: female, male; intersex is `other`; not known or not said is `unknown`.
- `birthDate`: an estimated date of birth gives the year only, so nobody is matched on a
  guessed day.
- `address`: every address, current first, with use and type from ``ADDRESS_USE``; ended ones
  are `old`.
- A recorded death: `deceasedDateTime`, or `deceasedBoolean` when its date is estimated.

Contact routes are not shared: a route can be marked "never send here" to keep a person safe,
and a receiving system would not know to honour it (ADR 0032)."""

from django.core.exceptions import ObjectDoesNotExist
from fhir.resources.R4B.patient import Patient

from .common import NHS_NUMBER_SYSTEM, UK_CORE, Valid, meta, period
from .common import without_empty as clean

VERIFICATION_EXTENSION = f"{UK_CORE}Extension-UKCore-NHSNumberVerificationStatus"
VERIFICATION_SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
NOT_TRACED = {
    "system": VERIFICATION_SYSTEM,
    "code": "02",
    "display": "Number present but not traced",
}

GENDER = {
    "female": "female",
    "male": "male",
    "intersex": "other",
    "not_known": "unknown",
    "not_said": "unknown",
}

# Address kind -> (use, type) (http://hl7.org/fhir/address-use, address-type). "physical"
# tells a receiving system not to post there; "postal" that letters reach the person there.
ADDRESS_USE = {
    "home": ("home", "both"),
    "temporary": ("temp", "both"),
    "hostel": ("temp", "both"),
    "care_of": ("temp", "postal"),
    "no_fixed_abode": ("temp", "physical"),
}


def nhs_number_identifier(nhs_number):
    return {
        "extension": [
            {"url": VERIFICATION_EXTENSION, "valueCodeableConcept": {"coding": [NOT_TRACED]}}
        ],
        "system": NHS_NUMBER_SYSTEM,
        "value": nhs_number,
    }


def names(patient):
    official = clean(
        {
            "use": "official",
            "family": patient.family_name,
            "given": [patient.given_name],
            "prefix": [patient.title] if patient.title else None,
        }
    )
    found = [official]
    if patient.preferred_name:
        found.append(
            {"use": "usual", "family": patient.family_name, "given": [patient.preferred_name]}
        )
    return found


def address(found):
    use, kind = ADDRESS_USE[found.kind]
    if not found.is_current:
        use = "old"
    if found.kind == "no_fixed_abode":
        lines = []
        text = "No fixed abode"
    else:
        lines = [line for line in (found.line_1, found.line_2) if line]
        if found.kind == "care_of" and found.care_of_organisation_id:
            lines.insert(0, f"Care of {found.care_of_organisation.name}")
        text = None
    return clean(
        {
            "use": use,
            "type": kind,
            "text": text,
            "line": lines,
            "city": found.town,
            "postalCode": found.postcode,
            "period": period(found.valid_from, found.valid_to),
        }
    )


def death_of(patient):
    try:
        return patient.death
    except ObjectDoesNotExist:
        return None


def patient_resource(patient):
    """The person as a UK Core Patient. Needs ``addresses`` (with their care-of organisation)
    prefetched and ``death`` joined, so a page of people costs a fixed number of queries."""
    death = death_of(patient)
    deceased = {}
    if death is not None:
        if death.date_is_estimated:
            deceased["deceasedBoolean"] = True
        else:
            deceased["deceasedDateTime"] = death.died_on.isoformat()
    birth = patient.date_of_birth
    data = clean(
        {
            "resourceType": "Patient",
            "id": str(patient.public_id),
            "meta": meta("Patient"),
            "identifier": [nhs_number_identifier(patient.nhs_number)]
            if patient.nhs_number
            else None,
            "name": names(patient),
            "gender": GENDER[patient.sex],
            "birthDate": str(birth.year)
            if patient.date_of_birth_is_estimated
            else birth.isoformat(),
            "address": [address(a) for a in patient.addresses.all()],
            **deceased,
        }
    )
    return Valid(Patient, data)
