from django.urls import path

from . import views

app_name = "comms"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("notify-callback", views.notify_callback, name="notify-callback"),
    path("<uuid:public_id>", views.message_detail, name="message"),
    path("<uuid:public_id>/letter.pdf", views.message_pdf, name="message-pdf"),
]
