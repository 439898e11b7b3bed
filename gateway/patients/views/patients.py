"""Finding, adding, viewing and changing patients. Reads go through queries.py, writes
through services.py; nothing here touches the patient models directly (a test checks).

Names, dates of birth and NHS numbers never go in a URL: searches POST and the criteria
wait in the session under a random token."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit

from .. import presenters, queries, services
from ..forms import PatientChangeForm, PatientForm, PatientSearchForm
from ..presenters import contact as contact_presenters

PAGE_SIZE = 25


def _render_form(request, template, form, **context):
    context["form"] = form
    context.setdefault("page_has_errors", bool(form.errors))
    return render(request, template, context)


def _page(request, patients):
    return Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))


@require_http_methods(["GET", "POST"])
@permission_required("patients.view_patient")
def search(request):
    if request.method == "POST":
        form = PatientSearchForm(request.POST)
        if form.is_valid():
            token = services.remember_search(request, form.criteria())
            return redirect("patients:results", token=token)
    else:
        form = PatientSearchForm()
    page = _page(request, queries.patient_list(request.user, request.current_organisation))
    return _render_form(
        request,
        "patients/search.jinja",
        form,
        page=page,
        pagination=presenters.pagination(page, reverse("patients:search")),
        can_add=request.user.has_perm("patients.add_patient", request.current_organisation),
    )


@require_http_methods(["GET"])
@permission_required("patients.view_patient")
def results(request, token):
    criteria = services.recall_search(request, token)
    if criteria is None:
        messages.info(request, "Your search has expired. Search again.")
        return redirect("patients:search")
    patients = queries.search_patients(request.user, request.current_organisation, criteria)
    page = _page(request, patients)
    url = reverse("patients:results", kwargs={"token": token})
    return render(
        request,
        "patients/results.jinja",
        {
            "page": page,
            "pagination": presenters.pagination(page, url),
            "searched_by": _searched_by(criteria),
        },
    )


def _searched_by(criteria):
    parts = []
    if criteria.get("nhs_number"):
        parts.append("NHS number")
    if criteria.get("name"):
        parts.append("name")
    if criteria.get("date_of_birth"):
        parts.append("date of birth")
    return " and ".join(parts)


def _draft_data(draft):
    data = QueryDict(mutable=True)
    for key, values in draft.items():
        data.setlist(key, values)
    return data


@require_http_methods(["GET", "POST"])
@permission_required("patients.add_patient")
def create(request):
    draft_token = request.GET.get("draft")
    draft = services.recall_draft(request, draft_token) if draft_token else None
    if request.method == "POST":
        form = PatientForm(request.POST)
        if form.is_valid():
            try:
                patient = services.create_patient(
                    request.user, request.current_organisation, form.cleaned_data
                )
            except services.DuplicatePatient:
                typed = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
                token = services.remember_draft(request, typed)
                return redirect("patients:create-check", token=token)
            return _created(request, patient)
    elif draft is not None:
        form = PatientForm(_draft_data(draft))
    else:
        form = PatientForm()
    return _render_form(request, "patients/create.jinja", form)


def _created(request, patient):
    # Messages may travel in a cookie, so they carry no name.
    messages.success(request, "The patient has been added to Gateway")
    return redirect("patients:detail", public_id=patient.public_id)


@require_http_methods(["GET", "POST"])
@permission_required("patients.add_patient")
def create_check(request, token):
    """The duplicate-confirmation step: 'This person may already be on Gateway'."""
    draft = services.recall_draft(request, token)
    if draft is None:
        return redirect("patients:create")
    form = PatientForm(_draft_data(draft))
    if not form.is_valid():
        return redirect(f"{reverse('patients:create')}?draft={token}")
    organisation = request.current_organisation
    if request.method == "POST":
        try:
            patient = services.create_patient(
                request.user, organisation, form.cleaned_data, confirmed_not_duplicate=True
            )
        except services.DuplicatePatient as duplicate:
            check = duplicate.check
        else:
            services.forget_draft(request, token)
            return _created(request, patient)
    else:
        check = services.find_duplicates(request.user, organisation, form.cleaned_data)
    return render(
        request,
        "patients/check.jinja",
        {
            "check": check,
            "token": token,
            "change_url": f"{reverse('patients:create')}?draft={token}",
        },
    )


@require_http_methods(["GET"])
@permission_required("patients.view_patient")
def detail(request, public_id):
    patient = queries.get_visible_patient(request.user, request.current_organisation, public_id)
    audit.record_view(request, patient)
    today = timezone.localdate()
    consents = queries.consents_for(patient)
    checks = queries.contact_plan_for(
        patient, on_date=today, routes=queries.contact_routes_for(patient), consents=consents
    )
    return render(
        request,
        "patients/detail.jinja",
        {
            "patient": patient,
            "rows": presenters.summary_rows(patient),
            "can_change": request.user.has_perm(
                "patients.change_patient", request.current_organisation
            ),
            "plan": contact_presenters.contact_plan(checks),
            "consents": contact_presenters.consent_rows(consents, today),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("patients.change_patient")
def edit(request, public_id):
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    conflict = None
    if request.method == "POST":
        form = PatientChangeForm(request.POST)
        if form.is_valid():
            try:
                services.update_patient(
                    request.user,
                    organisation,
                    patient,
                    form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                )
            except services.ConflictError as error:
                conflict = error.current
                # Keep what this person typed, but let their next save go over the
                # version they have now been shown.
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = PatientChangeForm(data)
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The patient's details have been updated")
                return redirect("patients:detail", public_id=patient.public_id)
    else:
        audit.record_view(request, patient, what="change details")
        form = PatientChangeForm(
            initial={**PatientForm.initial_from(patient), "version": patient.version}
        )
    return _render_form(
        request,
        "patients/edit.jinja",
        form,
        patient=patient,
        conflict=conflict,
        conflict_rows=presenters.summary_rows(conflict) if conflict else None,
        page_has_errors=bool(form.errors) or conflict is not None,
    )
