"""The removing practice's removal report pages: the form, then a check
step that shows the screening warnings
(docs/domain/sas-removal-and-allocation.md#what-does-not-qualify), asks once more for a police
reference, and needs an explanation before a report that may not qualify is sent. What was typed
waits in the session under a random token, never in the URL."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.models import Organisation, Role
from gateway.core import drafts
from gateway.core.forms import show_refusal
from gateway.core.pagination import page_of
from gateway.patients import services as patient_services
from gateway.patients.forms import PatientSearchForm
from gateway.patients.queries import get_visible_patient, search_patients

from .. import services
from ..errors import SasError
from ..forms.reports import CheckReportForm, RemovalReportForm
from ..models import RemovalReport
from ..rules import BEHAVIOURS
from ..services import reports as report_services
from .reports import not_allowed, open_flags_of, posted, works_as

SESSION_DRAFTS = "sas_report_drafts"


def _remember(request, patient, data):
    return drafts.remember(request, SESSION_DRAFTS, patient.public_id, data)


def _recall(request, token):
    return drafts.kept(request, SESSION_DRAFTS, token)


def _forget(request, token):
    drafts.forget(request, SESSION_DRAFTS, token)


def _as_querydict(data):
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def _practice_patient(request, public_id):
    if not works_as(request, Role.PRACTICE_STAFF, Organisation.Kind.GP_PRACTICE):
        raise PermissionDenied
    if not public_id:
        raise Http404("Choose a patient first")
    return get_visible_patient(request.user, request.current_organisation, public_id)


def _find_the_patient(request):
    """Reporting a removal starts by finding the person among the practice's patients (or
    adding them). The search criteria wait in the session under a token, never in the URL."""
    if not works_as(request, Role.PRACTICE_STAFF, Organisation.Kind.GP_PRACTICE):
        raise PermissionDenied
    start = reverse("sas:report-new")
    page = None
    if request.method == "POST":
        form = PatientSearchForm(request.POST)
        if form.is_valid():
            token = patient_services.remember_search(request, form.criteria())
            return redirect(f"{start}?find={token}")
    else:
        form = PatientSearchForm()
        token = request.GET.get("find", "")
        criteria = patient_services.recall_search(request, token) if token else None
        if token and criteria is None:
            messages.info(request, "Your search has expired. Search again.")
        if criteria is not None:
            patients = search_patients(request.user, request.current_organisation, criteria)
            page = page_of(request, patients)
    return render(
        request,
        "sas/reports/start.jinja",
        {
            "form": form,
            "page": page,
            "can_add": request.user.has_perm("patients.add_patient", request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def report_new(request):
    if not request.GET.get("patient"):
        return _find_the_patient(request)
    patient = _practice_patient(request, request.GET.get("patient"))
    try:
        report_services.policy_for_practice(request.current_organisation)
    except SasError as refused:
        return not_allowed(request, refused.message)
    draft = _recall(request, request.GET.get("draft", "")) if request.GET.get("draft") else None
    if request.method == "POST":
        form = RemovalReportForm(request.POST)
        if form.is_valid():
            typed = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
            token = _remember(request, patient, typed)
            return redirect("sas:report-check", token=token)
    elif draft and draft["about"] == str(patient.public_id):
        form = RemovalReportForm(_as_querydict(draft["data"]))
    else:
        form = RemovalReportForm()
    return render(
        request,
        "sas/reports/new.jinja",
        {
            "form": form,
            "patient": patient,
            "flags": open_flags_of(patient),
        },
    )


def unsaved_report(data):
    """An unsaved RemovalReport, so the check page reads like the saved report does."""
    fields = {k: v for k, v in data.items() if k in report_services.REPORT_FIELDS}
    return RemovalReport(**fields)


@require_http_methods(["GET", "POST"])
def report_check(request, token):
    draft = _recall(request, token)
    if draft is None:
        messages.info(request, "Your report was not found. Start it again.")
        return redirect("core:home")
    patient = _practice_patient(request, draft["about"])
    organisation = request.current_organisation
    new_url = f"{reverse('sas:report-new')}?patient={patient.public_id}&draft={token}"
    form = RemovalReportForm(_as_querydict(draft["data"]))
    if not form.is_valid():
        return redirect(new_url)
    data = form.report_data()
    try:
        report_services.policy_for_notice(organisation, data.get("notice_given_at"))
    except SasError as refused:
        return not_allowed(request, refused.message)
    result = report_services.screen(patient, data)
    ask_reference = data["police_reported"] and not data["police_reference"]
    needs_explanation = report_services.needs_explanation(result)
    check = CheckReportForm(posted(request))
    if request.method == "POST" and check.is_valid():
        if ask_reference and check.cleaned_data["police_reference"].strip():
            data["police_reference"] = check.cleaned_data["police_reference"].strip()
        data["explanation"] = check.cleaned_data["explanation"]
        try:
            episode = services.submit_removal_report(request.user, organisation, patient, data)
        except (ValidationError, SasError) as refused:
            show_refusal(check, refused)
        else:
            _forget(request, token)
            messages.success(request, "Removal report sent to the commissioner")
            return redirect("sas:episode-detail", public_id=episode.public_id)
    return render(
        request,
        "sas/reports/check.jinja",
        {
            "form": check,
            "patient": patient,
            "flags": open_flags_of(patient),
            "report": unsaved_report(data),
            "behaviours": [BEHAVIOURS[b] for b in data["behaviours"]],
            "result": result,
            "ask_reference": ask_reference,
            "needs_explanation": needs_explanation,
            "change_url": new_url,
        },
    )
