from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "gateway.patients"
    label = "patients"
    verbose_name = "Patients"

    def ready(self):
        from .queries import caseload  # noqa: F401  (registers the caseload permission)
        from .services import handing_on

        # Contact routes through a worker are handed on when they leave (ADR 0039).
        handing_on.register()
