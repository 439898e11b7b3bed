from django.apps import AppConfig


class NonprodConfig(AppConfig):
    name = "gateway.nonprod"
    label = "nonprod"
    verbose_name = "Demo data (never installed in production)"
