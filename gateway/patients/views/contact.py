"""Pages for how to contact a person and what they consented to. Reads go
through queries.py (404 for a person the organisation may not see), writes through
contact_services and consent_services; every page that shows the record is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.forms import show_refusal

from .. import presenters, queries
from ..forms.contact import (
    ConsentForm,
    EndRouteForm,
    MoveForm,
    ReviewChangeForm,
    RouteForm,
    VersionForm,
    WithdrawConsentForm,
)
from ..presenters import contact as contact_presenters
from ..queries import caseload as caseload_queries
from ..services import ConflictError
from ..services import consent as consent_services
from ..services import contact as contact_services

CHANGE = "patients.change_patient"
PAGE_SIZE = 25
STALE = (
    "Someone else changed this contact route while you were looking at it. Check what it says "
    "now and try again."
)


def _plan_url(patient):
    return reverse("patients:detail", kwargs={"public_id": patient.public_id}) + "#how-to-contact"


def _consents_url(patient):
    return reverse("patients:detail", kwargs={"public_id": patient.public_id}) + "#consent"


def _route_form(request, patient, data=None, **kwargs):
    return RouteForm(
        data,
        addresses=queries.route_address_choices(patient),
        workers=queries.route_worker_choices(patient),
        practices=queries.route_practice_choices(patient),
        **kwargs,
    )


def _render(request, template, form, **context):
    context.setdefault("page_has_errors", bool(form.errors) or bool(context.get("conflict")))
    return render(request, template, {"form": form, **context})


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_add(request, public_id):
    patient = queries.get_visible_patient(request.user, request.current_organisation, public_id)
    form = _route_form(request, patient, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.add_route(
                request.user, request.current_organisation, patient, form.route_data()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The contact route has been added")
            return redirect(_plan_url(patient))
    if request.method == "GET":
        audit.record_view(request, patient, what="contact: add a route")
    return _render(request, "patients/contact/route_form.jinja", form, patient=patient)


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_edit(request, public_id):
    organisation = request.current_organisation
    route = queries.get_visible_route(request.user, organisation, public_id)
    patient = route.patient
    conflict = None
    if request.method == "POST":
        form = _route_form(request, patient, request.POST)
        if form.is_valid():
            try:
                contact_services.update_route(
                    request.user,
                    organisation,
                    route,
                    form.route_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as error:
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = _route_form(request, patient, data)
                form.is_valid()
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "The contact route has been changed")
                return redirect(_plan_url(patient))
    else:
        audit.record_view(request, patient, what="contact: change a route", obj=route)
        workers = list(queries.route_worker_choices(patient))
        form = _route_form(request, patient, initial=RouteForm.initial_from(route, workers))
    return _render(
        request,
        "patients/contact/route_form.jinja",
        form,
        patient=patient,
        route=route,
        conflict=conflict,
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_end(request, public_id):
    organisation = request.current_organisation
    route = queries.get_visible_route(request.user, organisation, public_id)
    patient = route.patient
    form = EndRouteForm(request.POST or None, initial={"version": route.version})
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.end_route(
                request.user,
                organisation,
                route,
                form.cleaned_data["reason"],
                form.cleaned_data["version"],
            )
        except ConflictError:
            form.add_error(None, STALE)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The contact route has been ended")
            return redirect(_plan_url(patient))
    if request.method == "GET":
        audit.record_view(request, patient, what="contact: end a route", obj=route)
    return _render(request, "patients/contact/route_end.jinja", form, patient=patient, route=route)


def _post_action(request, public_id, form_class, action, done):
    """A one-button change (move, confirm): a stale or refused one says why, on the plan."""
    route = queries.get_visible_route(request.user, request.current_organisation, public_id)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ConflictError(route)
        action(route, form.cleaned_data)
    except ConflictError:
        messages.error(request, STALE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_plan_url(route.patient))


@require_http_methods(["POST"])
@permission_required(CHANGE)
def route_move(request, public_id):
    return _post_action(
        request,
        public_id,
        MoveForm,
        lambda route, data: contact_services.move_route(
            request.user, request.current_organisation, route, data["direction"], data["version"]
        ),
        "The order of contact routes has been changed",
    )


@require_http_methods(["POST"])
@permission_required(CHANGE)
def route_confirm(request, public_id):
    return _post_action(
        request,
        public_id,
        VersionForm,
        lambda route, data: contact_services.confirm_route(
            request.user, request.current_organisation, route, data["version"]
        ),
        "The contact route is confirmed today by you",
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_review(request, public_id):
    """Check a route the person added or changed on their own page."""
    organisation = request.current_organisation
    route = queries.get_visible_route(request.user, organisation, public_id)
    patient = route.patient
    form = ReviewChangeForm(request.POST or None, initial={"version": route.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                contact_services.accept_patient_change(
                    request.user, organisation, route, data["version"]
                )
                done = "The person's change is accepted and can be used"
            else:
                contact_services.reject_patient_change(
                    request.user, organisation, route, data["reason"], data["version"]
                )
                done = "The person's change is not accepted and will not be used"
        except ConflictError:
            form.add_error(None, STALE)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, done)
            return redirect(_plan_url(patient))
    if request.method == "GET":
        audit.record_view(request, patient, what="contact: check the person's change", obj=route)
    return _render(
        request,
        "patients/contact/route_review.jinja",
        form,
        patient=patient,
        route=route,
        where=contact_presenters.where(route),
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def consent_add(request, public_id):
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    form = ConsentForm(
        request.POST or None,
        workers=queries.route_worker_choices(patient),
        initial={
            "organisation": organisation.public_id,
            "starts_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.record_consent(
                request.user, organisation, patient, form.consent_data()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The person's consent has been recorded")
            return redirect(_consents_url(patient))
    if request.method == "GET":
        audit.record_view(request, patient, what="consent: record")
    return _render(request, "patients/contact/consent_form.jinja", form, patient=patient)


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def consent_withdraw(request, public_id):
    organisation = request.current_organisation
    consent = queries.get_visible_consent(request.user, organisation, public_id)
    patient = consent.patient
    form = WithdrawConsentForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.withdraw_consent(
                request.user, organisation, consent, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The consent has been withdrawn")
            if queries.visible_patients(request.user, organisation).filter(pk=patient.pk).exists():
                return redirect(_consents_url(patient))
            return redirect("core:home")
    if request.method == "GET":
        audit.record_view(request, patient, what="consent: withdraw", obj=consent)
    return _render(
        request, "patients/contact/consent_withdraw.jinja", form, patient=patient, consent=consent
    )


@require_http_methods(["GET"])
@permission_required("patients.view_caseload")
def caseload(request):
    """Your clients: the people the organisation supports, soonest coming-up date first."""
    organisation = request.current_organisation
    page = Paginator(caseload_queries.clients(request.user, organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = caseload_queries.rows(page.object_list)
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=organisation,
        object_type="patients.Caseload",
        detail={"page": "your clients", "people": [str(r.patient.public_id) for r in rows]},
    )
    try:
        handovers_url = reverse("comms:handovers")
    except NoReverseMatch:
        handovers_url = None
    return render(
        request,
        "patients/caseload.jinja",
        {
            "page": page,
            "rows": rows,
            "pagination": presenters.pagination(page, reverse("patients:caseload")),
            "handovers_url": handovers_url,
        },
    )
