"""Domestic abuse incidents and MARAC referral on escalation, for those who may see DASH
details (rules/permissions.py); others get a 404, as for a DASH they may not see. Also working out
the multiple-disadvantage status again under a newer rule version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.forms import show_refusal
from gateway.patients.queries import get_visible_patient

from .. import queries, services
from ..forms import EscalationReferralForm, IncidentForm
from ..rules.permissions import can_view_dash_details
from ..services import incidents as incident_services


def _patient_for_dash(request, public_id):
    organisation = request.current_organisation
    patient = get_visible_patient(request.user, organisation, public_id)
    if not can_view_dash_details(request.user, organisation):
        raise Http404("No such page.")
    return patient


def _form_page(request, patient, form, template, what, **context):
    if request.method == "GET":
        audit.record_view(request, patient, what=what)
    return render(
        request,
        template,
        {"form": form, "patient": patient, "page_has_errors": bool(form.errors), **context},
    )


@require_http_methods(["GET", "POST"])
@permission_required("support.record_support")
def incident_new(request, public_id):
    patient = _patient_for_dash(request, public_id)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident_services.record_incident(
                request.user, request.current_organisation, patient, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The incident has been recorded")
            return redirect("support:patient", public_id=patient.public_id)
    return _form_page(
        request, patient, form, "support/incident_form.jinja", "support: record an incident"
    )


@require_http_methods(["GET", "POST"])
@permission_required("support.record_support")
def marac_escalation(request, public_id):
    patient = _patient_for_dash(request, public_id)
    form = EscalationReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident_services.refer_to_marac_on_escalation(
                request.user, request.current_organisation, patient, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The MARAC referral has been recorded")
            return redirect("support:patient", public_id=patient.public_id)
    return _form_page(
        request,
        patient,
        form,
        "support/marac_escalation_form.jinja",
        "support: MARAC referral on escalation",
        escalation=queries.dash_escalation(patient, request.current_organisation),
    )


@require_http_methods(["POST"])
@permission_required("support.record_support")
def mcn_work_out_again(request, public_id):
    organisation = request.current_organisation
    patient = get_visible_patient(request.user, organisation, public_id)
    try:
        services.work_out_mcn_status_again(request.user, organisation, patient)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The multiple-disadvantage status has been worked out again")
    return redirect("support:patient", public_id=patient.public_id)
