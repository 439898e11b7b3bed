from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gateway.accounts"
    label = "accounts"
    verbose_name = "Organisations and staff"

    def ready(self):
        from . import mfa_secrets

        mfa_secrets.install()
