from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "gateway.registration"
    label = "registration"
    verbose_name = "GP registration for people without a GP"

    def ready(self):
        from . import queries  # noqa: F401  (referrals in a linked record's history)
        from .rules import permissions  # noqa: F401  (registers the rules permissions)
        from .services import (
            handing_on,
            made_in_error,  # noqa: F401  (withdraws a record made in error's referrals)
        )

        # Referrals waiting on a worker are handed on when they leave (ADR 0039).
        handing_on.register()
