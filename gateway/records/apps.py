"""Records: a person's own record. A subject access request brings together everything Gateway
holds about one person, from every app, as one ZIP (a plain-English PDF summary and
machine-readable JSON), made in the background and downloadable once by the person who asked
for it. Later: how long each kind of record is kept and what happens at the end."""

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "gateway.records"
    label = "records"
    verbose_name = "Records"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
