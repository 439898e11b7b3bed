"""Flag (UK Core): the flags shown as a banner wherever the person appears, with what a
receiving system should do in `code.text`.

| Gateway flag | category (http://terminology.hl7.org/CodeSystem/flag-category) | what to do |
|---|---|---|
| attend SAS practice only | `admin` | see ``WHAT_TO_DO`` |
| discharged from SAS: protected from removal | `admin` | |
| risk to staff | `behavioral` | |
| risk from others | `safety` | |
| do not send letters | `contact` | |

`status` is `active` until the flag is ended, then `inactive`; `period` runs from when it was
set to when it was ended; `author` is the organisation that set it. Flags have no public id in
Gateway, so each one's `id` is a name-based UUID of the person's public id and the flag: stable,
and telling nothing about the database. Flags are found by searching `Flag?patient=`; there is
no read by id."""

import uuid

from fhir.resources.R4B.flag import Flag

from .common import Valid, concept, meta, organisation_reference, patient_reference, period
from .common import without_empty as clean

FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
CATEGORY = {
    "attend_sas_only": ("admin", "Administrative"),
    "protected_from_removal": ("admin", "Administrative"),
    "risk_to_staff": ("behavioral", "Behavioral"),
    "risk_from_others": ("safety", "Safety"),
    "do_not_send_letters": ("contact", "Subject Contact"),
}
WHAT_TO_DO = {
    "attend_sas_only": (
        "This person is on the Special Allocation Scheme. Give them GP care only at their SAS "
        "practice. Do not register them at another practice: send them to their SAS practice."
    ),
    "protected_from_removal": (
        "This person was discharged from the Special Allocation Scheme. Do not remove them "
        "from a practice list again for the incident that put them on the scheme."
    ),
    "risk_to_staff": (
        "This person may be a risk to staff. Read the detail and follow your own safety "
        "procedures before you see them."
    ),
    "risk_from_others": (
        "This person is at risk from others. Do not tell anyone where they are or how to "
        "reach them without checking who is asking and why."
    ),
    "do_not_send_letters": ("Do not send letters to this person. Reach them another way."),
}
# Name-based ids: uuid5 of this namespace and "<person's public id>/<flag>".
FLAG_IDS = uuid.UUID("fb4db61c-14b4-4e72-a63e-ff2c66be182f")


def flag_id(flag, patient):
    return str(uuid.uuid5(FLAG_IDS, f"{patient.public_id}/{flag.pk}"))


def flag_text(flag):
    text = f"{flag.get_kind_display()}. {WHAT_TO_DO[flag.kind]}"
    if flag.detail:
        text = f"{text} Detail: {flag.detail}"
    return text


def flag_resource(flag, patient):
    """Needs ``set_by_organisation`` joined; ``patient`` is the flag's person."""
    code, display = CATEGORY[flag.kind]
    data = clean(
        {
            "resourceType": "Flag",
            "id": flag_id(flag, patient),
            "meta": meta("Flag"),
            "status": "active" if flag.ended_at is None else "inactive",
            "category": [
                concept(display, {"system": FLAG_CATEGORY, "code": code, "display": display})
            ],
            "code": concept(flag_text(flag)),
            "subject": patient_reference(patient),
            "period": period(flag.created_at, flag.ended_at),
            "author": organisation_reference(flag.set_by_organisation)
            if flag.set_by_organisation_id
            else None,
        }
    )
    return Valid(Flag, data)
