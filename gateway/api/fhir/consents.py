"""Consent: what the person agreed to, with whom, from when and until when (ADR 0015;
docs/fhir.md#consent).

- `status`: `inactive` once withdrawn or past its end date, otherwise `active`.
- The purpose: `scope` (http://terminology.hl7.org/CodeSystem/consentscope: sharing
  information or contact through a worker is `patient-privacy`; a referral to a service or a
  GP practice is `treatment`), `provision.action` (`disclose` or `use`), and `category` text
  in Gateway's words with how it was given (said, in writing, on their own page).
- The organisation it is with: `provision.actor`, as information recipient (`IRCP`).
- Starts on, expires on (or the day it was withdrawn): `provision.period`.
- `policyRule` is opt-in (`OPTIN`): the person agreed.
- Who recorded it: `organization`; when: `dateTime`.

The person is the `patient` and the `performer` (they gave it). Staff names and withdrawal
notes stay in Gateway."""

from django.utils import timezone
from fhir.resources.R4B.consent import Consent

from .common import Valid, concept, meta, organisation_reference, patient_reference, period, when
from .common import without_empty as clean

CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
LOINC_CONSENT = {"system": "http://loinc.org", "code": "59284-0", "display": "Consent Document"}

SCOPE = {
    "share_information": ("patient-privacy", "Privacy Consent"),
    "contact_through_worker": ("patient-privacy", "Privacy Consent"),
    "refer_to_service": ("treatment", "Treatment"),
    "register_with_gp": ("treatment", "Treatment"),
}
ACTION = {
    "share_information": ("disclose", "Disclose"),
    "contact_through_worker": ("use", "Use"),
    "refer_to_service": ("disclose", "Disclose"),
    "register_with_gp": ("disclose", "Disclose"),
}


def consent_status(consent, today):
    return "active" if consent.withdrawn_at is None and not _expired(consent, today) else "inactive"


def _expired(consent, today):
    return consent.expires_on is not None and consent.expires_on < today


def consent_resource(consent, today=None):
    """Needs ``patient``, ``organisation`` and ``recorded_by_organisation`` joined."""
    today = today or timezone.localdate()
    scope_code, scope_display = SCOPE[consent.purpose]
    action_code, action_display = ACTION[consent.purpose]
    ends = consent.expires_on
    if consent.withdrawn_at is not None:
        withdrawn_on = timezone.localdate(consent.withdrawn_at)
        ends = min(ends, withdrawn_on) if ends else withdrawn_on
    data = clean(
        {
            "resourceType": "Consent",
            "id": str(consent.public_id),
            "meta": meta("Consent"),
            "status": consent_status(consent, today),
            "scope": concept(
                scope_display,
                {"system": CONSENT_SCOPE, "code": scope_code, "display": scope_display},
            ),
            "category": [
                concept(
                    f"{consent.get_purpose_display()} ({consent.get_method_display().lower()})",
                    LOINC_CONSENT,
                )
            ],
            "patient": patient_reference(consent.patient),
            "dateTime": when(consent.created_at),
            "performer": [patient_reference(consent.patient)],
            "organization": [organisation_reference(consent.recorded_by_organisation)],
            "policyRule": concept("Opt in", {"system": ACT_CODE, "code": "OPTIN"}),
            "provision": clean(
                {
                    "type": "permit",
                    "period": period(consent.starts_on, ends),
                    "actor": [
                        {
                            "role": concept(
                                "Information recipient",
                                {"system": PARTICIPATION, "code": "IRCP"},
                            ),
                            "reference": organisation_reference(consent.organisation),
                        }
                    ],
                    "action": [
                        concept(
                            action_display,
                            {"system": CONSENT_ACTION, "code": action_code},
                        )
                    ],
                }
            ),
        }
    )
    return Valid(Consent, data)
