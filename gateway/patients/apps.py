from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "gateway.patients"
    label = "patients"
    verbose_name = "Patients"
