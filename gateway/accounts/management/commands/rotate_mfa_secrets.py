"""`manage.py rotate_mfa_secrets`: re-encrypt every authenticator secret under the current
MFA_SECRET_KEY (and encrypt any stored plain). Run after changing the key; then the retired
key can be removed from MFA_SECRET_RETIRED_KEYS (ADR 0046)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts import mfa_secrets
from gateway.audit import services as audit


class Command(BaseCommand):
    help = "Re-encrypt authenticator secrets under the current MFA_SECRET_KEY."

    def handle(self, *args, **options):
        changed = mfa_secrets.encrypt_all(TOTPDevice.objects)
        audit.record(
            audit.Action.UPDATE,
            object_type="otp_totp.TOTPDevice",
            changed_fields=["key"],
            detail={
                "rotated_to_key_id": settings.MFA_SECRET_KEY_ID,
                "devices": changed,
            },
        )
        self.stdout.write(f"Re-encrypted {changed} authenticator secret(s).")
