from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "gateway.support"
    label = "support"
    verbose_name = "Support for people facing multiple disadvantage"

    def ready(self):
        from .queries import referrals  # noqa: F401  (referrals in a linked record's history)
        from .rules import permissions  # noqa: F401  (registers the rules permissions)
        from .services import (
            handing_on,
            made_in_error,  # noqa: F401  (closes a record made in error's work)
        )

        # A worker's support work is handed on when they leave (ADR 0039).
        handing_on.register()
