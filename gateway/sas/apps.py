from django.apps import AppConfig


class SasConfig(AppConfig):
    name = "gateway.sas"
    label = "sas"
    verbose_name = "Special Allocation Scheme"
