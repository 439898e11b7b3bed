"""Insight: how the schemes treat people, for commissioners (their own area, with the people
behind each figure for those allowed to see them) and for NHS England (every area side by
side, aggregate figures only, small numbers suppressed). The pages write nothing but audit
rows for views and exports; the daily job keeps each area's figures (ADR 0064)."""

from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "gateway.insight"
    label = "insight"
    verbose_name = "Insight"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
