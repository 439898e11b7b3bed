"""The staff outbox: what the organisation has sent or is holding, and each letter as it was
printed. Also the endpoint GOV.UK Notify calls with delivery receipts."""

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.audit import services as audit
from gateway.core import lists
from gateway.core.list_reads import ListRead
from gateway.core.permissions import require
from gateway.patients.queries import reads_whole_organisation

from .. import queries, services
from ..models import Message
from ..presenters import recipient_name, what_was_tried
from ..rendering import letter_pdf
from ..routing import printable_address, wrap_letter

VIEW_PATIENT = "patients.view_patient"
Status = Message.Status
STATUS_TAGS = {
    Status.QUEUED: "nhsuk-tag--grey",
    Status.SENDING: "nhsuk-tag--blue",
    Status.SENT: "nhsuk-tag--blue",
    Status.DELIVERED: "nhsuk-tag--green",
    Status.PERMANENT_FAILURE: "nhsuk-tag--red",
    Status.TEMPORARY_FAILURE: "nhsuk-tag--orange",
    Status.TECHNICAL_FAILURE: "nhsuk-tag--red",
    Status.RETURNED: "nhsuk-tag--red",
    Status.HELD_IN_OUTBOX: "nhsuk-tag--yellow",
    Status.CANCELLED: "nhsuk-tag--grey",
    Status.TO_HAND_OVER: "nhsuk-tag--yellow",
    Status.UNREACHABLE: "nhsuk-tag--red",
}


def _organisation(request):
    """The organisation whose messages these are. Letters and texts are about patients, so
    only roles that may see patients' records read them (an organisation admin or auditor
    cannot open a record, so not its letters either)."""
    organisation = getattr(request, "current_organisation", None)
    if organisation is None:
        raise Http404
    require(request.user, VIEW_PATIENT, organisation)
    return organisation


OUTBOX = lists.ListSpec(
    name="outbox",
    url_name="comms:outbox",
    csv_url_name="comms:outbox-csv",
    noun="message",
    audit_type="comms.Message",
    default_sort="-created",
    columns=(
        lists.Column("Created", lambda m: m.created_at, key="created", order_by=("created_at",)),
        lists.Column("Type", lambda m: m.get_kind_display(), key="type", order_by=("kind",)),
        lists.Column("To", recipient_name),
        lists.Column("About", lambda m: m.subject or m.template),
        lists.Column(
            "Status", lambda m: m.get_status_display(), key="status", order_by=("status",)
        ),
    ),
    filters=(
        lists.Filter("status", "Status", "status", choices=Status.choices, any_text="Any status"),
        lists.Filter("kind", "Type", "kind", choices=Message.Kind.choices, any_text="Any type"),
        lists.Filter("created", "Created", "created_at__date", kind="dates"),
    ),
)


# The outbox as it is opened, its page read by a statement compiled once a process.
OUTBOX_READ = ListRead(OUTBOX, queries.organisation_outbox, whole=reads_whole_organisation)


@require_http_methods(["GET", "POST"])
def outbox(request):
    rows = queries.outbox(request.user, _organisation(request))
    listing = lists.ListPage(request, OUTBOX, rows, read=OUTBOX_READ)
    if listing.redirect:
        return listing.redirect
    rows = [
        {
            "message": message,
            "recipient": recipient_name(message),
            "tag": STATUS_TAGS.get(message.status, ""),
        }
        for message in listing.page.object_list
    ]
    return render(
        request,
        "comms/outbox.jinja",
        {
            "listing": listing,
            "rows": rows,
            "organisation": request.current_organisation,
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_GET
def outbox_csv(request):
    return lists.export_csv(request, OUTBOX, queries.outbox(request.user, _organisation(request)))


@require_GET
def message_detail(request, public_id):
    message = queries.get_sent_for(request.user, _organisation(request), public_id)
    if message.patient_id:
        audit.record_view(request, message.patient, what=f"{message.get_kind_display()} in outbox")
    return render(
        request,
        "comms/message.jinja",
        {
            "message": message,
            "recipient": recipient_name(message),
            "tag": STATUS_TAGS.get(message.status, ""),
            "attempts": list(message.attempts_made.all()),
            "tried": what_was_tried(
                message,
                list(message.attempts_made.all()),
                queries.route_tries(message),
            )
            if message.kind == Message.Kind.ROUTED
            else [],
        },
    )


@require_GET
def message_pdf(request, public_id):
    message = queries.get_sent_for(request.user, _organisation(request), public_id)
    if message.kind not in (Message.Kind.LETTER, Message.Kind.IN_PERSON, Message.Kind.ROUTED):
        raise Http404
    if message.patient_id:
        audit.record_view(request, message.patient, what="letter PDF")
    return letter_response(message)


def letter_response(message):
    """The letter as a PDF download, as it was posted or handed over. A routed message shows
    the letter its route carried (the latest posted or handed-over try); before there is
    one, it is addressed as a posted letter would be, or marked to give by hand when the
    person has no complete postal address."""
    if message.kind == Message.Kind.ROUTED:
        carried = queries.carried_letter(message)
        if carried is not None:
            message = carried
    pdf = queries.stored_pdf(message)
    html = message.body_html
    if message.kind == Message.Kind.ROUTED:
        html = wrap_letter(message, printable_address(message.patient), message.reference)
    # Until the worker has made it, make it now from the same stored HTML (not saved here:
    # views do not write).
    content = bytes(pdf) if pdf else letter_pdf(html)
    response = HttpResponse(content, content_type="application/pdf")
    # The opaque reference: no name or NHS number in a file name that ends up in Downloads.
    response["Content-Disposition"] = f'attachment; filename="letter-{message.reference}.pdf"'
    return response


def _bearer_token_ok(request):
    expected = settings.NOTIFY_CALLBACK_TOKEN
    header = request.headers.get("Authorization", "")
    scheme, _, supplied = header.partition(" ")
    if not expected or scheme.lower() != "bearer" or not supplied:
        return False
    return hmac.compare_digest(supplied.strip().encode(), expected.encode())


@csrf_exempt
@require_POST
def notify_callback(request):
    """Delivery receipts from GOV.UK Notify (texts, emails and letters)."""
    if not _bearer_token_ok(request):
        return JsonResponse({"error": "Unauthorised"}, status=401)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "The body must be JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "The body must be a JSON object"}, status=400)
    services.record_notify_status(
        str(payload.get("status", "")),
        notify_id=str(payload.get("id", "") or ""),
        reference=str(payload.get("reference", "") or ""),
        source=services.CALLBACK,
    )
    # 200 even for messages we do not know: Notify would otherwise retry for hours.
    return JsonResponse({"result": "ok"})
