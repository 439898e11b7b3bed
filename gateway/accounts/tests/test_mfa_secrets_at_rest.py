"""Authenticator (TOTP) secrets are encrypted at rest with a key outside the database
(issue 16 item 9, ADR 0046): the stored value is not the secret, a code from the secret still
verifies, sign-in is unchanged for the person, and keys rotate by key id."""

import importlib
import io

import pytest
from cryptography.exceptions import InvalidTag
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts import mfa_secrets
from tests import factories

from .helpers import current_code, post_password

pytestmark = pytest.mark.django_db
SECRET = bytes.fromhex("00112233445566778899aabbccddeeff01234567")


def stored_key(device):
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def code_for(secret):
    return f"{totp(secret):06d}"


def test_the_stored_value_is_not_the_secret():
    device = factories.TotpDeviceFactory(key=SECRET.hex())
    stored = stored_key(device)
    assert stored.startswith("e:test:")
    assert SECRET.hex() not in stored.lower()
    assert SECRET not in stored.encode()
    assert len(stored) <= 80


def test_a_code_from_the_secret_still_verifies():
    device = factories.TotpDeviceFactory(key=SECRET.hex())
    fresh = TOTPDevice.objects.get(pk=device.pk)
    assert fresh.bin_key == SECRET
    assert fresh.verify_token(code_for(SECRET))
    assert not fresh.verify_token(code_for(bytes(20)))


def test_sign_in_with_an_encrypted_secret_is_unchanged_for_the_person(client):
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    post_password(client, device.user.email)
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == "/"
    assert stored_key(device).startswith("e:")


def test_a_ciphertext_under_an_unknown_key_does_not_decrypt(settings):
    stored = mfa_secrets.encrypt(SECRET)
    settings.MFA_SECRET_KEYS = {"test": "a-different-key-altogether-000000"}
    with pytest.raises(InvalidTag):
        mfa_secrets.decrypt(stored)


def test_rotation_by_key_id_keeps_every_code_working(settings):
    device = factories.TotpDeviceFactory(key=SECRET.hex())
    assert mfa_secrets.key_id_of(stored_key(device)) == "test"

    # The new key takes over; the old one is kept as retired until the rotation has run.
    settings.MFA_SECRET_KEYS = {"test": settings.MFA_SECRET_KEYS["test"], "k2": "x" * 40}
    settings.MFA_SECRET_KEY_ID = "k2"
    assert TOTPDevice.objects.get(pk=device.pk).verify_token(code_for(SECRET))

    out = io.StringIO()
    call_command("rotate_mfa_secrets", stdout=out)
    assert "Re-encrypted 1 authenticator secret(s)." in out.getvalue()

    assert mfa_secrets.key_id_of(stored_key(device)) == "k2"
    settings.MFA_SECRET_KEYS = {"k2": "x" * 40}  # the retired key removed
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == SECRET


def test_the_migration_encrypts_keys_stored_plain():
    device = factories.TotpDeviceFactory(key=SECRET.hex())
    TOTPDevice.objects.filter(pk=device.pk).update(key=SECRET.hex())  # as before Gateway 0008
    migration = importlib.import_module("gateway.accounts.migrations.0009_encrypt_totp_secrets")
    from django.apps import apps

    migration.encrypt(apps, None)
    assert stored_key(device).startswith("e:test:")
    assert TOTPDevice.objects.get(pk=device.pk).bin_key == SECRET

    migration.decrypt(apps, None)
    assert stored_key(device) == SECRET.hex()
