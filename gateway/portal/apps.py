from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gateway.portal"
    label = "portal"
    verbose_name = "The patient's own page"
