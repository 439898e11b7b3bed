from django.urls import path

from .views import handover, outbox, patients

app_name = "comms"

urlpatterns = [
    path("", outbox.outbox, name="outbox"),
    path("messages.csv", outbox.outbox_csv, name="outbox-csv"),
    path("notify-callback", outbox.notify_callback, name="notify-callback"),
    path("hand-over", handover.handovers, name="handovers"),
    path("hand-over/<uuid:public_id>", handover.handover_confirm, name="handover-confirm"),
    path("hand-over/<uuid:public_id>/letter.pdf", handover.handover_pdf, name="handover-pdf"),
    path("unreachable", handover.unreachable, name="unreachable"),
    path(
        "unreachable/<uuid:public_id>/try-again",
        handover.unreachable_retry,
        name="unreachable-retry",
    ),
    path("person/<uuid:public_id>", patients.patient_messages, name="patient-messages"),
    path(
        "to-person/<uuid:public_id>/letter.pdf",
        patients.patient_message_pdf,
        name="patient-message-pdf",
    ),
    path("<uuid:public_id>", outbox.message_detail, name="message"),
    path("<uuid:public_id>/letter.pdf", outbox.message_pdf, name="message-pdf"),
]
