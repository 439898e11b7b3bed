from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "gateway.support"
    label = "support"
    verbose_name = "Support for people facing multiple disadvantage"

    def ready(self):
        from .rules import permissions  # noqa: F401  (registers the rules permissions)
        from .services import handing_on

        # A worker's support work is handed on when they leave (ADR 0039).
        handing_on.register()
