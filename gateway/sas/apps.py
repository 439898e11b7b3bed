from django.apps import AppConfig


class SasConfig(AppConfig):
    name = "gateway.sas"
    label = "sas"
    verbose_name = "Special Allocation Scheme"

    def ready(self):
        from .queries import (
            history,  # noqa: F401  (episodes in a linked record's history)
            panel,  # noqa: F401  (registers who is before a panel)
        )
        from .services import (
            duplicates,  # noqa: F401  (refuses linking two open episodes)
            made_in_error,  # noqa: F401  (ends episodes of a record made in error)
        )
