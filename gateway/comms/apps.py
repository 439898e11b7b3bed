from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gateway.comms"
    label = "comms"
    verbose_name = "Communications"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
