"""ServiceRequest (UK Core): GP registration referrals and referrals to services.

Both are a `Patient referral` (SNOMED CT 3457005) with `intent` `order`, the person as
`subject`, the referring organisation as `requester`, and the consent they rest on (recorded
first, always) as `supportingInfo`. Free text (why the person was referred, what they want,
a practice's or service's reasons) stays in Gateway: a receiving system gets the labels only.

| registration referral status | FHIR status |
|---|---|
| choosing a practice | `draft` (not sent yet) |
| sent to the practice | `active` |
| registered | `completed` |
| refused, withdrawn | `revoked` (the refusal reason's label in `note`) |

| service referral status | FHIR status |
|---|---|
| sent, accepted | `active` |
| completed | `completed` |
| declined, withdrawn | `revoked` (the decline reason's label in `note`) |"""

from fhir.resources.R4B.servicerequest import ServiceRequest

from .common import (
    PATIENT_REFERRAL,
    Valid,
    concept,
    meta,
    organisation_reference,
    patient_reference,
    reference,
    when,
)
from .common import without_empty as clean

REGISTRATION_STATUS = {
    "choosing_practice": "draft",
    "sent": "active",
    "registered": "completed",
    "refused": "revoked",
    "withdrawn": "revoked",
}
SERVICE_STATUS = {
    "sent": "active",
    "accepted": "active",
    "completed": "completed",
    "declined": "revoked",
    "withdrawn": "revoked",
}


def _request(referral, *, status, code, requester, performer, authored_on, note):
    return clean(
        {
            "resourceType": "ServiceRequest",
            "id": str(referral.public_id),
            "meta": meta("ServiceRequest"),
            "status": status,
            "intent": "order",
            "category": [concept("Patient referral", PATIENT_REFERRAL)],
            "code": concept(code),
            "subject": patient_reference(referral.patient),
            "authoredOn": when(authored_on),
            "requester": organisation_reference(requester),
            "performer": [performer] if performer else None,
            "supportingInfo": [reference("Consent", referral.consent.public_id, "Consent")],
            "note": [{"text": note}] if note else None,
        }
    )


def registration_request(referral):
    """Needs ``patient``, ``consent``, ``referring_organisation``, ``practice`` and
    ``refusal_reason`` joined."""
    note = f"{referral.get_status_display()}"
    if referral.refusal_reason_id:
        note = f"{note}: {referral.refusal_reason.label}"
    data = _request(
        referral,
        status=REGISTRATION_STATUS[referral.status],
        code="Register with a GP practice",
        requester=referral.referring_organisation,
        performer=organisation_reference(referral.practice) if referral.practice_id else None,
        authored_on=referral.referred_on,
        note=note,
    )
    return Valid(ServiceRequest, data)


def service_request(referral):
    """Needs ``patient``, ``consent``, ``referring_organisation``,
    ``receiving_organisation`` and ``decline_reason`` joined."""
    service = referral.get_service_type_display()
    if referral.service_type_other:
        service = f"{service}: {referral.service_type_other}"
    if referral.receiving_organisation_id:
        performer = organisation_reference(referral.receiving_organisation)
    elif referral.receiving_service_name:
        performer = {"display": referral.receiving_service_name}
    else:
        performer = None
    note = referral.get_status_display()
    if referral.decline_reason_id:
        note = f"{note}: {referral.decline_reason.label}"
    data = _request(
        referral,
        status=SERVICE_STATUS[referral.status],
        code=f"Referral to a service: {service}",
        requester=referral.referring_organisation,
        performer=performer,
        authored_on=referral.sent_on,
        note=note,
    )
    return Valid(ServiceRequest, data)
