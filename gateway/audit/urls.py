from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("search/<str:token>", views.results, name="results"),
    path("search/<str:token>/csv", views.export, name="export"),
    path("patients/<uuid:public_id>", views.patient_access, name="patient-access"),
]
