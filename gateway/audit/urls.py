from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("patients/<uuid:public_id>", views.patient_access, name="patient-access"),
]
