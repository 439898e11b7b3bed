"""Hand-over tasks (messages a worker or practice gives to the person, with the date that
completes delivery) and the unreachable worklist (people no route reached, with what was
tried and why). Reads go through gateway.comms.queries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import queries, routing
from ..forms import HandoverForm
from ..presenters import what_was_tried
from ..rendering import letter_pdf

HAND_OVER = "comms.hand_over"
VIEW_UNREACHABLE = "comms.view_unreachable"


@require_GET
@permission_required(HAND_OVER)
def handovers(request):
    organisation = request.current_organisation
    is_worker = Role.SUPPORT_WORKER in getattr(request, "roles", set())
    show = request.GET.get("show") or ("mine" if is_worker else "all")
    if show not in ("mine", "all"):
        show = "all"
    queryset = queries.handovers(request.user, organisation, mine=show == "mine")
    page = page_of(request, queryset)
    return render(
        request,
        "comms/handovers.jinja",
        {
            "page": page,
            "rows": list(page.object_list),
            "show": show,
            "is_worker": is_worker,
            "organisation": organisation,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(HAND_OVER)
def handover_confirm(request, public_id):
    organisation = request.current_organisation
    message = queries.get_handover(request.user, organisation, public_id)

    def save(form):
        try:
            routing.confirm_handover(request.user, organisation, message, form.cleaned_data["on"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            # The service names the model's field; on this page the date is asked as "on".
            raise ValidationError(
                {
                    ("on" if field == "handed_over_on" else field): problems
                    for field, problems in error.error_dict.items()
                }
            ) from None

    return form_page(
        request,
        HandoverForm,
        template="comms/handover_confirm.jinja",
        context={"message": message},
        save=save,
        success="Thank you. It is marked as handed over.",
        next_url=reverse("comms:handovers"),
        on_view=lambda: audit.record_view(request, message.patient, what="message to hand over"),
    )


@require_GET
@permission_required(HAND_OVER)
def handover_pdf(request, public_id):
    message = queries.get_handover(request.user, request.current_organisation, public_id)
    audit.record_view(request, message.patient, what="letter to hand over (PDF)")
    response = HttpResponse(letter_pdf(message.body_html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{message.reference}.pdf"'
    return response


@require_GET
@permission_required(VIEW_UNREACHABLE)
def unreachable(request):
    organisation = request.current_organisation
    page = page_of(request, queries.unreachable(organisation))
    rows = [{"message": m, "tried": what_was_tried(m, m.notes, m.tried)} for m in page.object_list]
    return render(request, "comms/unreachable.jinja", {"page": page, "rows": rows})


@require_POST
@permission_required(VIEW_UNREACHABLE)
def unreachable_retry(request, public_id):
    organisation = request.current_organisation
    message = queries.get_unreachable(organisation, public_id)
    try:
        routing.try_again(request.user, organisation, message)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, "Gateway will try the routes in the person's contact plan not tried yet."
        )
    return redirect("comms:unreachable")
