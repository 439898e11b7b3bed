"""Finding, adding, viewing and changing patients. Reads go through queries.py, writes
through services.py; nothing here touches the patient models directly (a test checks).

Names, dates of birth and NHS numbers never go in a URL: searches POST and the criteria
wait in the session under a random token."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.forms import show_refusal
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries, services
from ..forms import PatientChangeForm, PatientForm, PatientSearchForm
from ..presenters import contact as contact_presenters
from ..queries import duplicates as duplicate_queries

VIEW = "patients.view_patient"
ADD = "patients.add_patient"
CHANGE = "patients.change_patient"


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def search(request):
    """Kept off form_page: a valid search goes to its results without reading the list, and
    the organisation's patients are listed below the form at full width."""
    if request.method == "POST":
        form = PatientSearchForm(request.POST)
        if form.is_valid():
            token = services.remember_search(request, form.criteria())
            return redirect("patients:results", token=token)
    else:
        form = PatientSearchForm()
    organisation = request.current_organisation
    return render(
        request,
        "patients/search.jinja",
        {
            "form": form,
            "page": page_of(request, queries.patient_list(request.user, organisation)),
            "can_add": request.user.has_perm(ADD, organisation),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
def results(request, token):
    criteria = services.recall_search(request, token)
    if criteria is None:
        messages.info(request, "Your search has expired. Search again.")
        return redirect("patients:search")
    patients = queries.search_patients(request.user, request.current_organisation, criteria)
    return render(
        request,
        "patients/results.jinja",
        {"page": page_of(request, patients), "searched_by": _searched_by(criteria)},
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
@permission_required(ADD)
def create(request):
    """Kept off form_page: a possible duplicate keeps what was typed in the session and goes to
    the check step (create_check), and coming back from it shows that draft on the form."""
    draft_token = request.GET.get("draft")
    draft = services.recall_draft(request, draft_token) if draft_token else None
    if request.method == "POST":
        form = PatientForm(request.POST)
        if form.is_valid():
            try:
                patient = services.create_patient(
                    request.user, request.current_organisation, form.cleaned_data
                )
            except (services.LinkRequested, services.LookupLimited) as answer:
                return _answered(request, answer)
            except services.DuplicatePatient:
                typed = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
                token = services.remember_draft(request, typed)
                return redirect("patients:create-check", token=token)
            return _created(request, patient)
    elif draft is not None:
        form = PatientForm(_draft_data(draft))
    else:
        form = PatientForm()
    return render(request, "patients/create.jinja", {"form": form})


def _answered(request, answer):
    """The details went to the commissioner, or the user has checked too many people for now:
    the same page either way, saying nothing about whether anyone was found (ADR 0035)."""
    limited = isinstance(answer, services.LookupLimited)
    return render(
        request,
        "patients/sent_to_commissioner.jinja",
        {"answer": answer, "limited": limited},
        status=429 if limited else 200,
    )


def _created(request, patient):
    # Messages may travel in a cookie, so they carry no name.
    messages.success(request, "The patient has been added to Gateway")
    return redirect("patients:detail", public_id=patient.public_id)


@require_http_methods(["GET", "POST"])
@permission_required(ADD)
def create_check(request, token):
    """The duplicate-confirmation step: 'This person may already be on Gateway'."""
    draft = services.recall_draft(request, token)
    if draft is None:
        return redirect("patients:create")
    form = PatientForm(_draft_data(draft))
    if not form.is_valid():
        return redirect(f"{reverse('patients:create')}?draft={token}")
    organisation = request.current_organisation
    try:
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
    except (services.LinkRequested, services.LookupLimited) as answer:
        return _answered(request, answer)
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
@permission_required(VIEW)
def detail(request, public_id):
    """The person's record. A practice asked to register them sees only what registering
    needs (identity, address, contact plan, consents) and changes nothing here."""
    organisation = request.current_organisation
    patient = queries.get_patient_record(request.user, organisation, public_id)
    registration_only = not patient.whole_record
    audit.record_view(
        request, patient, what="registration details" if registration_only else "record"
    )
    today = timezone.localdate()
    consents = queries.consents_for(patient)
    checks = queries.contact_plan_for(
        patient, on_date=today, routes=queries.contact_routes_for(patient), consents=consents
    )
    linked = history = None
    if not registration_only:
        linked = duplicate_queries.linked_records(request.user, organisation, patient)
        if linked.visible_duplicates:
            together = [patient, *linked.visible_duplicates]
            history = presenters.history_rows(
                queries.history_of(request.user, organisation, together), together
            )
    return render(
        request,
        "patients/detail.jinja",
        {
            "patient": patient,
            "linked": linked,
            "history": history,
            "can_link": request.user.has_perm(services.LINK, organisation),
            "can_mark_made_in_error": not registration_only
            and request.user.has_perm(services.MARK, organisation),
            "rows": presenters.summary_rows(patient),
            "registration_only": registration_only,
            "can_change": not registration_only and request.user.has_perm(CHANGE, organisation),
            "plan": contact_presenters.contact_plan(checks),
            "consents": contact_presenters.consent_rows(consents, today),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def edit(request, public_id):
    """Kept off form_page: after someone else's save the page shows the record as they saved it
    next to what this person typed (no error on the form), ready to save over the new version."""
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
                show_refusal(form, error)
            else:
                messages.success(request, "The patient's details have been updated")
                return redirect("patients:detail", public_id=patient.public_id)
    else:
        audit.record_view(request, patient, what="change details")
        form = PatientChangeForm(
            initial={**PatientForm.initial_from(patient), "version": patient.version}
        )
    return render(
        request,
        "patients/edit.jinja",
        {
            "form": form,
            "patient": patient,
            "conflict": conflict,
            "conflict_rows": presenters.summary_rows(conflict) if conflict else None,
            "page_has_errors": conflict is not None,
        },
    )
