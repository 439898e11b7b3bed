"""How audit rows read to an auditor: plain words for actions, records and field names."""

import uuid

from django.apps import apps

from gateway.core import formats

PATIENT_LABEL = "patients.Patient"
USER_LABEL = "accounts.User"
ORGANISATION_LABEL = "accounts.Organisation"

# How an auditor calls the records met most often; any other model by its own name.
RECORD_WORDS = {
    PATIENT_LABEL: "Patient record",
    USER_LABEL: "Staff account",
    ORGANISATION_LABEL: "Organisation",
    "sas.Episode": "SAS episode",
    "sas.RemovalReport": "Removal report",
    "sas.Appeal": "Appeal",
    "sas.Review": "Review",
    "registration.RegistrationReferral": "GP registration referral",
    "support.ServiceReferral": "Referral to a service",
    "comms.Message": "Message",
    "audit.AuditEvent": "Audit trail",
    "accounts.Invitation": "Invitation to Gateway",
    "accounts.MfaResetRequest": "Authenticator app reset",
}


def record_kind(object_type):
    """'sas.Episode' -> 'SAS episode'. Labels of models that no longer exist are shown as
    they were stored rather than hidden."""
    if not object_type:
        return ""
    if object_type in RECORD_WORDS:
        return RECORD_WORDS[object_type]
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def field_names(changed_fields):
    """['family_name', 'date_of_birth'] -> 'Family name, date of birth'."""
    words = ", ".join(name.replace("_", " ") for name in changed_fields)
    return words[:1].upper() + words[1:]


def action_text(event):
    text = event.get_action_display()
    page = (event.detail or {}).get("page") if isinstance(event.detail, dict) else None
    if event.action == "view" and page and page != "record":
        text = f"{text} the {page}"
    return text


def patient_public_id(event):
    """The patient's public id when this row is about a patient record, for linking to its
    access log. Only ever a UUID, so no personal data reaches a URL."""
    if event.object_type != PATIENT_LABEL:
        return None
    try:
        return uuid.UUID(event.object_id)
    except (TypeError, ValueError):
        return None


def record_text(event, names):
    """The record a row is about, in words: "Patient record: Jordan Ashby", "SAS episode of
    Jordan Ashby", "Staff account: Olu Admin". A person the auditor's organisation no longer
    works with is not named."""
    kind = record_kind(event.object_type)
    if event.patient_id:
        person = names["people"].get(event.patient_id)
        who = person.full_name if person else "a person your organisation does not work with"
        if event.object_type == PATIENT_LABEL or not kind:
            return f"Patient record: {who}" if person else f"Patient record of {who}"
        return f"{kind} of {who}"
    if event.object_type == USER_LABEL and event.object_id in names["staff"]:
        return f"{kind}: {names['staff'][event.object_id]}"
    if event.object_type == ORGANISATION_LABEL and event.object_id in names["organisations"]:
        return f"{kind}: {names['organisations'][event.object_id]}"
    return kind or "None"


def event_row(event, *, names=None, with_organisation=False, access_log_url=None):
    """One NHS.UK table row for an audit event."""
    row = [
        {"text": formats.date_time(event.occurred_at)},
        {"text": event.actor_name or "Gateway (no person)"},
    ]
    if with_organisation or names is not None:
        row.append({"text": event.organisation.name if event.organisation else "None recorded"})
    row.append({"text": action_text(event)})
    if names is not None:
        record = {"text": record_text(event, names)}
        if access_log_url:
            record["href"] = access_log_url
        row.append(record)
    row.append({"text": field_names(event.changed_fields) or "None"})
    return row


def csv_row(event, names):
    """One row of the exported trail: the same words as the page."""
    return [
        formats.date_time(event.occurred_at),
        event.actor_name or "Gateway (no person)",
        event.organisation.name if event.organisation else "None recorded",
        action_text(event),
        record_text(event, names),
        field_names(event.changed_fields) or "None",
    ]


CSV_HEADER = ["When", "Who", "Organisation", "What they did", "Record", "Details changed"]
