from django.apps import AppConfig


class SasConfig(AppConfig):
    name = "gateway.sas"
    label = "sas"
    verbose_name = "Special Allocation Scheme"

    def ready(self):
        from .queries import panel  # noqa: F401  (registers who is before a panel)
