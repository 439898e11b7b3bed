"""Pages for how to contact a person and what they consented to. Reads go
through queries.py (404 for a person the organisation may not see), writes through
contact_services and consent_services; every page that shows the record is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.forms import show_refusal
from gateway.core.pagination import COUNT_LIMIT, page_of
from gateway.core.permissions import permission_required

from .. import queries
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
STALE = (
    "Someone else changed this contact route while you were looking at it. Check what it says "
    "now and try again."
)


def _plan_url(patient):
    return reverse("patients:detail", kwargs={"public_id": patient.public_id}) + "#how-to-contact"


def _consents_url(patient):
    return reverse("patients:detail", kwargs={"public_id": patient.public_id}) + "#consent"


def _route_choices(patient):
    return {
        "addresses": queries.route_address_choices(patient),
        "workers": queries.route_worker_choices(patient),
        "practices": queries.route_practice_choices(patient),
    }


def _unless_stale(action):
    """Someone else changed the route first: say so on the form (nothing was saved)."""
    try:
        return action()
    except ConflictError:
        raise ValidationError(STALE) from None


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_add(request, public_id):
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    return form_page(
        request,
        RouteForm,
        template="patients/contact/route_form.jinja",
        form_kwargs=_route_choices(patient),
        context={"patient": patient},
        save=lambda form: contact_services.add_route(
            request.user, organisation, patient, form.route_data()
        ),
        success="The contact route has been added",
        next_url=_plan_url(patient),
        on_view=lambda: audit.record_view(request, patient, what="contact: add a route"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_edit(request, public_id):
    """Kept off form_page: after someone else's change the page shows what the route says now
    next to what this person typed (no error on the form), ready to save over the new version."""
    organisation = request.current_organisation
    route = queries.get_visible_route(request.user, organisation, public_id)
    patient = route.patient
    conflict = None
    if request.method == "POST":
        form = RouteForm(request.POST, **_route_choices(patient))
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
                form = RouteForm(data, **_route_choices(patient))
                form.is_valid()
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, "The contact route has been changed")
                return redirect(_plan_url(patient))
    else:
        audit.record_view(request, patient, what="contact: change a route", obj=route)
        workers = list(queries.route_worker_choices(patient))
        form = RouteForm(initial=RouteForm.initial_from(route, workers), **_route_choices(patient))
    return render(
        request,
        "patients/contact/route_form.jinja",
        {
            "form": form,
            "patient": patient,
            "route": route,
            "conflict": conflict,
            "page_has_errors": conflict is not None,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def route_end(request, public_id):
    organisation = request.current_organisation
    route = queries.get_visible_route(request.user, organisation, public_id)
    patient = route.patient
    return form_page(
        request,
        EndRouteForm,
        template="patients/contact/route_end.jinja",
        form_kwargs={"initial": {"version": route.version}},
        context={"patient": patient, "route": route},
        save=lambda form: _unless_stale(
            lambda: contact_services.end_route(
                request.user,
                organisation,
                route,
                form.cleaned_data["reason"],
                form.cleaned_data["version"],
            )
        ),
        success="The contact route has been ended",
        next_url=_plan_url(patient),
        on_view=lambda: audit.record_view(request, patient, what="contact: end a route", obj=route),
    )


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

    def save(form):
        data = form.cleaned_data
        if data["decision"] == "accept":
            contact_services.accept_patient_change(
                request.user, organisation, route, data["version"]
            )
            return "The person's change is accepted and can be used"
        contact_services.reject_patient_change(
            request.user, organisation, route, data["reason"], data["version"]
        )
        return "The person's change is not accepted and will not be used"

    return form_page(
        request,
        ReviewChangeForm,
        template="patients/contact/route_review.jinja",
        form_kwargs={"initial": {"version": route.version}},
        context={"patient": patient, "route": route, "where": contact_presenters.where(route)},
        save=lambda form: _unless_stale(lambda: save(form)),
        success=lambda done: done,
        next_url=_plan_url(patient),
        on_view=lambda: audit.record_view(
            request, patient, what="contact: check the person's change", obj=route
        ),
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def consent_add(request, public_id):
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    return form_page(
        request,
        ConsentForm,
        template="patients/contact/consent_form.jinja",
        form_kwargs={
            "workers": queries.route_worker_choices(patient),
            "initial": {"organisation": organisation.public_id, "starts_on": timezone.localdate()},
        },
        context={"patient": patient},
        save=lambda form: consent_services.record_consent(
            request.user, organisation, patient, form.consent_data()
        ),
        success="The person's consent has been recorded",
        next_url=_consents_url(patient),
        on_view=lambda: audit.record_view(request, patient, what="consent: record"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(CHANGE)
def consent_withdraw(request, public_id):
    organisation = request.current_organisation
    consent = queries.get_visible_consent(request.user, organisation, public_id)
    patient = consent.patient

    def after_withdrawing(_):
        # Withdrawing may end the organisation's only reason to see the person.
        if queries.visible_patients(request.user, organisation).filter(pk=patient.pk).exists():
            return _consents_url(patient)
        return reverse("core:home")

    return form_page(
        request,
        WithdrawConsentForm,
        template="patients/contact/consent_withdraw.jinja",
        form_kwargs={"initial": {"withdrawn_on": timezone.localdate()}},
        context={"patient": patient, "consent": consent},
        save=lambda form: consent_services.withdraw_consent(
            request.user, organisation, consent, **form.cleaned_data
        ),
        success="The consent has been withdrawn",
        next_url=after_withdrawing,
        on_view=lambda: audit.record_view(request, patient, what="consent: withdraw", obj=consent),
    )


@require_http_methods(["GET"])
@permission_required("patients.view_caseload")
def caseload(request):
    """Your clients: the people the organisation supports, soonest coming-up date first."""
    organisation = request.current_organisation
    page = page_of(
        request,
        caseload_queries.clients_listed(request.user, organisation),
        count_limit=COUNT_LIMIT,
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
            "handovers_url": handovers_url,
        },
    )
