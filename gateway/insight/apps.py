from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "gateway.insight"
    label = "insight"
    verbose_name = "Insight"
