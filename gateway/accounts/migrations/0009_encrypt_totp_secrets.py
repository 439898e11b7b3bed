"""Encrypt the authenticator (TOTP) secrets already stored in plain hex (ADR 0046)."""

from django.db import migrations

from gateway.accounts import mfa_secrets


def encrypt(apps, schema_editor):
    mfa_secrets.encrypt_all(apps.get_model("otp_totp", "TOTPDevice").objects)


def decrypt(apps, schema_editor):
    devices = apps.get_model("otp_totp", "TOTPDevice").objects
    for pk, stored in devices.values_list("pk", "key").iterator():
        if mfa_secrets.is_encrypted(stored):
            devices.filter(pk=pk).update(key=mfa_secrets.decrypt(stored).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_practice_merged_into"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
