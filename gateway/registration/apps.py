from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "gateway.registration"
    label = "registration"
    verbose_name = "GP registration for people without a GP"

    def ready(self):
        from .rules import permissions  # noqa: F401  (registers the rules permissions)
        from .services import handing_on

        # Referrals waiting on a worker are handed on when they leave (ADR 0039).
        handing_on.register()
