"""/api/v1/patients: the same query helpers and services as the pages, so the API can see
and do exactly what the organisation's staff can, no more."""

import uuid

from ninja import Router, Status

from gateway.audit import services as audit
from gateway.core.permissions import require
from gateway.patients import queries, services
from gateway.patients.forms import ADJUSTMENT_FIELDS, PatientForm

from .schemas import Duplicate, Errors, PatientIn, PatientOut

router = Router(tags=["patients"])

VIEW = "patients.view_patient"
ADD = "patients.add_patient"

# Form field name -> API field name, so errors point at what the caller sent.
API_NAMES = {
    "nhs_number_known": "nhs_number",
    "adjustments": "needs_interpreter",
    "address_kind": "address.kind",
    "care_of_organisation": "address.care_of_organisation",
    "address_line_1": "address.line_1",
    "address_line_2": "address.line_2",
    "town": "address.town",
    "postcode": "address.postcode",
}


def patient_out(patient):
    return {
        "public_id": patient.public_id,
        "version": patient.version,
        "nhs_number": patient.nhs_number or None,
        "nhs_number_unknown_reason": patient.nhs_number_unknown_reason or None,
        "nhs_number_unknown_detail": patient.nhs_number_unknown_detail,
        "title": patient.title,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "preferred_name": patient.preferred_name,
        "date_of_birth": patient.date_of_birth,
        "date_of_birth_is_estimated": patient.date_of_birth_is_estimated,
        "sex": patient.sex,
        "gender_identity": patient.gender_identity,
        "pronouns": patient.pronouns,
        "ethnic_category": patient.ethnic_category,
        "reasonable_adjustments": {
            name: getattr(patient, name)
            for name in (*ADJUSTMENT_FIELDS.values(), "interpreter_language", "other_adjustments")
        },
        "addresses": [
            {
                "kind": a.kind,
                "lines": a.lines,
                "postcode": a.postcode,
                "is_current": a.is_current,
                "care_of_organisation": a.care_of_organisation.public_id
                if a.care_of_organisation_id
                else None,
            }
            for a in patient.addresses.all()
        ],
    }


def _form_data(payload):
    """Turn the JSON body into what PatientForm expects, so the API and the pages share one
    set of validation rules and plain error messages."""
    data = payload.dict(exclude={"address", "confirmed_not_duplicate", "date_of_birth"})
    if payload.nhs_number:
        data["nhs_number_known"] = "yes"
    elif payload.nhs_number_unknown_reason:
        data["nhs_number_known"] = "no"
    data["adjustments"] = [c for c, f in ADJUSTMENT_FIELDS.items() if data.pop(f)]
    if not data["date_of_birth_is_estimated"]:
        data.pop("date_of_birth_is_estimated")
    if payload.date_of_birth:
        year, _, rest = payload.date_of_birth.partition("-")
        month, _, day = rest.partition("-")
        data.update(date_of_birth_year=year, date_of_birth_month=month, date_of_birth_day=day)
    if payload.address is not None:
        address = payload.address
        data.update(
            address_kind=address.kind,
            address_line_1=address.line_1,
            address_line_2=address.line_2,
            town=address.town,
            postcode=address.postcode,
            care_of_organisation=str(address.care_of_organisation or ""),
        )
    return data


def _errors(form):
    errors = {}
    for name, messages in form.errors.items():
        if name == "nhs_number_known":
            messages = ["Give the NHS number, or nhs_number_unknown_reason if it is not known"]
        errors.setdefault(API_NAMES.get(name, name), []).extend(messages)
    return errors


@router.get(
    "/{uuid:public_id}",
    response={200: PatientOut, 403: Errors, 404: Errors},
    summary="A patient's details",
)
def get_patient(request, public_id: uuid.UUID):
    """The patient, if the token's organisation has an active relationship with them;
    otherwise 404 (a hidden record looks exactly like a missing one). Every read is audited."""
    require(request.user, VIEW, request.current_organisation)
    patient = queries.get_visible_patient(request.user, request.current_organisation, public_id)
    audit.record_view(request, patient, what="api")
    return Status(200, patient_out(patient))


@router.post(
    "",
    response={201: PatientOut, 202: Errors, 403: Errors, 409: Duplicate, 422: Errors, 429: Errors},
    summary="Add a patient",
)
def create_patient(request, payload: PatientIn):
    """Adds a patient for the token's organisation after the same checks as the pages.
    409 when the person may already be on Gateway: send `confirmed_not_duplicate: true` to
    add them anyway after a name and date of birth match (never after an NHS number match)."""
    require(request.user, ADD, request.current_organisation)
    form = PatientForm(_form_data(payload))
    if not form.is_valid():
        return Status(422, {"detail": "Check the details sent", "errors": _errors(form)})
    try:
        patient = services.create_patient(
            request.user,
            request.current_organisation,
            form.cleaned_data,
            confirmed_not_duplicate=payload.confirmed_not_duplicate,
        )
    except services.LookupLimited as limited:
        return Status(429, {"detail": limited.message, "errors": {}})
    except services.LinkRequested as sent:
        # The same answer whether or not anyone was found (ADR 0035).
        return Status(202, {"detail": sent.message, "errors": {}})
    except services.DuplicatePatient as duplicate:
        check = duplicate.check
        detail = "This person may already be on Gateway"
        return Status(
            409,
            {
                "detail": detail,
                "existing_records": [p.public_id for p in check.visible],
                "can_create_anyway": check.can_create_anyway,
            },
        )
    return Status(
        201,
        patient_out(
            queries.get_visible_patient(
                request.user, request.current_organisation, patient.public_id
            )
        ),
    )
