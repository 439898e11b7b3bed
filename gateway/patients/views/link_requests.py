"""The commissioner's requests to link an organisation to a person already on Gateway that it
cannot see (ADR 0035): the list of open requests and one request, where the commissioner
links or declines. Reads through queries, writes through services."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import queries, services
from ..forms.link_requests import LINK, LinkDecisionForm

DECIDE = "patients.decide_link_requests"


@require_http_methods(["GET"])
@permission_required(DECIDE)
def link_requests(request):
    rows = queries.open_link_requests(request.user, request.current_organisation)
    return render(request, "patients/link_requests/list.jinja", {"page": page_of(request, rows)})


@require_http_methods(["GET", "POST"])
@permission_required(DECIDE)
def link_request(request, public_id):
    organisation = request.current_organisation
    found = queries.get_link_request(request.user, organisation, public_id)
    context = {"link_request": found}
    if found.resolved_at is not None and request.method == "GET":
        return render(request, "patients/link_requests/decided.jinja", context)

    def save(form):
        if form.cleaned_data["decision"] == LINK:
            services.link_requests.link(request.user, organisation, found)
            return f"{found.organisation.name} can now see {found.patient.full_name}'s record"
        services.link_requests.decline(
            request.user, organisation, found, form.cleaned_data["reason"]
        )
        return f"You declined. {found.organisation.name} is told your reason."

    def on_view():
        if found.can_see:
            audit.record_view(request, found.patient, what="request to link", obj=found)

    return form_page(
        request,
        LinkDecisionForm,
        template="patients/link_requests/decide.jinja",
        context=context,
        form_kwargs={"organisation_name": found.organisation.name, "can_link": found.can_see},
        save=save,
        success=lambda text: text,
        next_url=reverse("patients:link-requests"),
        on_view=on_view,
        refusals=(services.AlreadyDecided,),
    )
