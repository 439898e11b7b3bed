"""Hand-over tasks (messages a worker or practice gives to the person, with the date that
completes delivery) and the unreachable worklist (people no route reached, with what was
tried and why). Reads go through gateway.comms.queries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.accounts.decorators import permission_required
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.audit.presenters import pagination

from .. import queries, routing
from ..forms import HandoverForm
from ..presenters import what_was_tried
from ..rendering import letter_pdf

PAGE_SIZE = 25
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
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "comms/handovers.jinja",
        {
            "page": page,
            "rows": list(page.object_list),
            "show": show,
            "is_worker": is_worker,
            "pagination": pagination(request, page),
            "organisation": organisation,
        },
    )


def _show_refusal(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error("on" if field == "handed_over_on" else None, errors)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
@permission_required(HAND_OVER)
def handover_confirm(request, public_id):
    organisation = request.current_organisation
    message = queries.get_handover(request.user, organisation, public_id)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            routing.confirm_handover(request.user, organisation, message, form.cleaned_data["on"])
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, "Thank you. It is marked as handed over.")
            return redirect("comms:handovers")
    if request.method == "GET":
        audit.record_view(request, message.patient, what="message to hand over")
    return render(
        request,
        "comms/handover_confirm.jinja",
        {"message": message, "form": form, "page_has_errors": bool(form.errors)},
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
    page = Paginator(queries.unreachable(organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"message": m, "tried": what_was_tried(m, m.notes, m.tried)} for m in page.object_list]
    return render(
        request,
        "comms/unreachable.jinja",
        {"page": page, "rows": rows, "pagination": pagination(request, page)},
    )


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
