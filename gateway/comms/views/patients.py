"""Letters and messages to one person, for the organisations a "you have a letter" notice tells them
to ask: their SAS practice, their support worker and the commissioner (ADR 0012). Any of them can
open and print a letter another organisation sent, so the person can be shown it whichever route
reached them."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from gateway.audit import services as audit
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required
from gateway.patients.queries import get_visible_patient

from .. import queries
from .outbox import STATUS_TAGS, letter_response

READ = "comms.view_patient_letters"


@require_GET
@permission_required(READ)
def patient_messages(request, public_id):
    patient = get_visible_patient(request.user, request.current_organisation, public_id)
    page = page_of(request, queries.messages_to_patient(patient))
    audit.record_view(request, patient, what="letters and messages to the person")
    rows = [
        {
            "message": message,
            "tag": STATUS_TAGS.get(message.status, ""),
            "printable": message.kind in queries.LETTER_KINDS,
        }
        for message in page.object_list
    ]
    return render(
        request,
        "comms/patient_messages.jinja",
        {"patient": patient, "page": page, "rows": rows},
    )


@require_GET
@permission_required(READ)
def patient_message_pdf(request, public_id):
    message = queries.get_message_to_visible_patient(
        request.user, request.current_organisation, public_id
    )
    audit.record_view(request, message.patient, what="letter to the person (PDF)")
    return letter_response(message)
