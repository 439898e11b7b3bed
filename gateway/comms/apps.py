from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gateway.comms"
    label = "comms"
    verbose_name = "Communications"
