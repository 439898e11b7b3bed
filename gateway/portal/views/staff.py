"""Staff give a person a one-time code for their own page, from the person's record: shown
on screen to hand over, or sent by text or email to one of the person's usable routes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.core.permissions import permission_required
from gateway.patients.queries import get_visible_patient

from .. import queries, services
from ..forms import IssueCodeForm


@require_http_methods(["GET", "POST"])
@permission_required("patients.view_patient")
def issue_code(request, public_id):
    organisation = request.current_organisation
    # The role first, so a page refused to the role says nothing about who exists.
    if not roles_in(request.user, organisation) & {r.value for r in services.ISSUING_ROLES}:
        raise PermissionDenied
    patient = get_visible_patient(request.user, organisation, public_id)
    if request.method == "GET":  # the page shows the person's name, numbers and emails
        audit.record_view(request, patient, what="give a code")
    routes = queries.code_routes(patient)
    form = IssueCodeForm(request.POST or None, routes=routes)
    if request.method == "POST" and form.is_valid():
        delivery, route = form.chosen()
        try:
            issued = services.issue_code(
                request.user,
                organisation,
                patient,
                delivery,
                route=route,
            )
        except ValidationError as error:
            form.add_error("delivery", error.messages)
        else:
            if delivery == issued.code.Delivery.ON_SCREEN:
                response = render(
                    request,
                    "portal/staff/code_shown.jinja",
                    {"patient": patient, "code": issued.shown, "issued": issued.code},
                )
                response["Cache-Control"] = "no-store"
                return response
            messages.success(
                request,
                f"The code was {issued.code.get_delivery_display().lower()}. "
                "It works once, within the time it says.",
            )
            return redirect("patients:detail", public_id=patient.public_id)
    return render(
        request,
        "portal/staff/issue_code.jinja",
        {
            "patient": patient,
            "form": form,
            "minutes": services.settings.PORTAL_CODE_MINUTES,
        },
    )
