from django.urls import path

from . import handover_views, patient_views, views

app_name = "comms"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("messages.csv", views.outbox_csv, name="outbox-csv"),
    path("notify-callback", views.notify_callback, name="notify-callback"),
    path("hand-over", handover_views.handovers, name="handovers"),
    path("hand-over/<uuid:public_id>", handover_views.handover_confirm, name="handover-confirm"),
    path("hand-over/<uuid:public_id>/letter.pdf", handover_views.handover_pdf, name="handover-pdf"),
    path("unreachable", handover_views.unreachable, name="unreachable"),
    path(
        "unreachable/<uuid:public_id>/try-again",
        handover_views.unreachable_retry,
        name="unreachable-retry",
    ),
    path("person/<uuid:public_id>", patient_views.patient_messages, name="patient-messages"),
    path(
        "to-person/<uuid:public_id>/letter.pdf",
        patient_views.patient_message_pdf,
        name="patient-message-pdf",
    ),
    path("<uuid:public_id>", views.message_detail, name="message"),
    path("<uuid:public_id>/letter.pdf", views.message_pdf, name="message-pdf"),
]
