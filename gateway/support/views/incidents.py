"""Domestic abuse incidents and MARAC referral on escalation, for those who may see DASH
details (rules/permissions.py); others get a 404, as for a DASH they may not see. Also working out
the multiple-disadvantage status again under a newer rule version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.permissions import permission_required
from gateway.patients.queries import get_visible_patient

from .. import queries, services
from ..forms import EscalationReferralForm, IncidentForm
from ..rules.permissions import can_view_dash_details
from ..services import incidents as incident_services

RECORD = "support.record_support"


def _patient_for_dash(request, public_id):
    organisation = request.current_organisation
    patient = get_visible_patient(request.user, organisation, public_id)
    if not can_view_dash_details(request.user, organisation):
        raise Http404("No such page.")
    return patient


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def incident_new(request, public_id):
    patient = _patient_for_dash(request, public_id)
    return form_page(
        request,
        IncidentForm,
        template="support/incident_form.jinja",
        context={"patient": patient},
        save=lambda form: incident_services.record_incident(
            request.user, request.current_organisation, patient, **form.cleaned_data
        ),
        success="The incident has been recorded",
        next_url=reverse("support:patient", kwargs={"public_id": patient.public_id}),
        on_view=lambda: audit.record_view(request, patient, what="support: record an incident"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def marac_escalation(request, public_id):
    patient = _patient_for_dash(request, public_id)
    return form_page(
        request,
        EscalationReferralForm,
        template="support/marac_escalation_form.jinja",
        context={
            "patient": patient,
            "escalation": queries.dash_escalation(patient, request.current_organisation),
        },
        save=lambda form: incident_services.refer_to_marac_on_escalation(
            request.user, request.current_organisation, patient, **form.cleaned_data
        ),
        success="The MARAC referral has been recorded",
        next_url=reverse("support:patient", kwargs={"public_id": patient.public_id}),
        on_view=lambda: audit.record_view(
            request, patient, what="support: MARAC referral on escalation"
        ),
    )


@require_http_methods(["POST"])
@permission_required(RECORD)
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
