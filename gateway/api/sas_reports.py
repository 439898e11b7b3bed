"""/api/v1/sas/removal-reports: a practice's system reports an immediate removal, through the same
form checks, screening and service as the page.

There is no confirmation step in an API: when screening warns that the report may not
qualify (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify) or needs approval
(docs/domain/sas-removal-and-allocation.md#police-reference-and-approval), send `explanation` with
it, as the page asks; without one the answer is 422 with the warnings."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Router, Schema, Status

from gateway.accounts.models import Organisation, Role
from gateway.accounts.rules import roles_in
from gateway.patients.queries import get_visible_patient
from gateway.sas import services
from gateway.sas.errors import SasError
from gateway.sas.forms.reports import RemovalReportForm
from gateway.sas.services import reports as report_services

from .schemas import Errors, In

router = Router(tags=["sas removal reports"])

# Form field -> API field, so errors point at what the caller sent.
API_NAMES = {
    "incident_date": "incident_at",
    "incident_time": "incident_at",
    "police_date": "police_reported_at",
    "police_time": "police_reported_at",
    "notice_date": "notice_given_at",
    "notice_time": "notice_given_at",
}


class RemovalReportIn(In):
    patient: uuid.UUID
    signed_by_name: str = ""
    signed_by_role: str = ""
    incident_at: datetime.datetime | None = None
    setting: str = ""
    behaviours: list[str] = []
    description: str = ""
    previously_non_aggressive_in_anguish: bool = False
    health_condition_could_explain: str = ""
    learning_disability_or_neurodiversity_considered: bool = False
    alternatives_tried: str = ""
    police_reported: bool | None = None
    police_reported_at: datetime.datetime | None = None
    police_reference: str = ""
    notice_given_at: datetime.datetime | None = None
    notice_method: str = ""
    patient_told: str = ""
    mental_health_conditions: str = ""
    conditions_affecting_behaviour: str = ""
    current_medications: str = ""
    other_care_providers: str = ""
    other_care_providers_will_be_told: bool = False
    cqc_notified: bool = False
    explanation: str = ""


class WarningOut(Schema):
    code: str
    rule: str
    message: str


class ReportDeadlineOut(Schema):
    kind: str
    due_on: datetime.date
    due_at: datetime.datetime | None = None
    describe: str


class RemovalReportOut(Schema):
    episode: uuid.UUID
    version: int
    state: str
    screening_route: str
    warnings: list[WarningOut]
    deadlines: list[ReportDeadlineOut]


class WarnedErrors(Errors):
    warnings: list[WarningOut] = []


def _moment(form_data, prefix, value):
    if value is None:
        return
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    local = timezone.localtime(value)
    form_data.update(
        {
            f"{prefix}_date_day": str(local.day),
            f"{prefix}_date_month": str(local.month),
            f"{prefix}_date_year": str(local.year),
            f"{prefix}_time": f"{local:%H:%M}",
        }
    )


def _yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


def form_data(payload):
    data = payload.dict(
        exclude={
            "patient",
            "incident_at",
            "police_reported_at",
            "notice_given_at",
            "explanation",
            "previously_non_aggressive_in_anguish",
            "learning_disability_or_neurodiversity_considered",
            "police_reported",
            "other_care_providers_will_be_told",
            "cqc_notified",
        }
    )
    data["previously_non_aggressive_in_anguish"] = _yes_no(
        payload.previously_non_aggressive_in_anguish
    )
    data["learning_disability_or_neurodiversity_considered"] = _yes_no(
        payload.learning_disability_or_neurodiversity_considered
    )
    data["police_reported"] = _yes_no(payload.police_reported)
    for name in ("other_care_providers_will_be_told", "cqc_notified"):
        if getattr(payload, name):
            data[name] = "on"
    _moment(data, "incident", payload.incident_at)
    _moment(data, "police", payload.police_reported_at)
    _moment(data, "notice", payload.notice_given_at)
    return data


def _errors(form):
    errors = {}
    for name, messages in form.errors.items():
        key = API_NAMES.get(name, name)
        for message in messages:
            if message not in errors.get(key, []):
                errors.setdefault(key, []).append(message)
    return errors


def _warnings(items):
    return [{"code": w.code, "rule": w.rule, "message": w.message} for w in items]


@router.post(
    "/removal-reports",
    response={201: RemovalReportOut, 403: Errors, 404: Errors, 422: WarnedErrors},
    summary="Report an immediate removal",
)
def submit_removal_report(request, payload: RemovalReportIn):
    """For a GP practice's token. The removal takes effect when notice was given; the
    answer gives the screening route, its warnings and the deadlines set (written
    confirmation, only when notice was not in writing, and the 24-hour allocation target)."""
    organisation = request.current_organisation
    if organisation.kind != Organisation.Kind.GP_PRACTICE or Role.PRACTICE_STAFF not in roles_in(
        request.user, organisation
    ):
        raise PermissionDenied
    patient = get_visible_patient(request.user, organisation, payload.patient)
    form = RemovalReportForm(form_data(payload))
    if not form.is_valid():
        return Status(422, {"detail": "Check the details sent", "errors": _errors(form)})
    data = form.report_data()
    data["explanation"] = payload.explanation
    try:
        report_services.policy_for_notice(organisation, data.get("notice_given_at"))
        result = report_services.screen(patient, data)
        episode = services.submit_removal_report(request.user, organisation, patient, data)
    except SasError as refused:
        return Status(403, {"detail": refused.message})
    except ValidationError as invalid:
        errors = invalid.message_dict if hasattr(invalid, "error_dict") else {}
        detail = errors.get("explanation", [" ".join(invalid.messages)])[0]
        return Status(
            422,
            {
                "detail": detail,
                "errors": errors,
                "warnings": _warnings(result.warnings),
            },
        )
    return Status(
        201,
        {
            "episode": episode.public_id,
            "version": episode.version,
            "state": episode.state,
            "screening_route": result.route,
            "warnings": _warnings(result.warnings),
            "deadlines": [
                {"kind": d.kind, "due_on": d.due_on, "due_at": d.due_at, "describe": d.describe()}
                for d in episode.deadlines.order_by("due_on", "id")
            ],
        },
    )
