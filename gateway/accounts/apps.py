from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gateway.accounts"
    label = "accounts"
    verbose_name = "Organisations and staff"
