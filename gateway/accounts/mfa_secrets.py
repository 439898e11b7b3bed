"""Authenticator (TOTP) secrets encrypted at rest (issue 16 item 9, ADR 0046).

django-otp keeps ``TOTPDevice.key`` as plain hex, so anyone who can read the table could
make every person's security codes. Gateway stores ``e:<key id>:<AES-256-GCM ciphertext>``
in that column instead, under a key that is never in the database (``MFA_SECRET_KEYS``,
current one ``MFA_SECRET_KEY_ID``). Every save encrypts a plain key (a ``pre_save`` signal,
so enrolment, the demo data and the admin all go through it) and ``bin_key`` decrypts, so
django-otp verifies codes exactly as before. Retired keys stay listed until
``manage.py rotate_mfa_secrets`` has re-encrypted every device under the current key."""

import base64
import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "e"
# Bound to what it protects: a ciphertext copied from another column will not decrypt.
ASSOCIATED_DATA = b"gateway:otp_totp.TOTPDevice.key"
MAX_STORED = 80  # TOTPDevice.key's column
MAX_KEY_ID = 8


def _aes_key(key_id):
    secret = settings.MFA_SECRET_KEYS.get(key_id, "")
    if not secret:
        raise ImproperlyConfigured(f"MFA_SECRET_KEYS has no key with id {key_id!r}.")
    return hashlib.sha256(b"gateway-totp-secret:" + secret.encode()).digest()


def is_encrypted(stored):
    return stored.startswith(PREFIX + ":")


def key_id_of(stored):
    return stored.split(":", 2)[1] if is_encrypted(stored) else None


def encrypt(secret_bytes, key_id=None):
    key_id = key_id or settings.MFA_SECRET_KEY_ID
    if len(key_id) > MAX_KEY_ID or ":" in key_id:
        raise ImproperlyConfigured("MFA_SECRET_KEY_ID must be at most 8 characters, no colon.")
    nonce = os.urandom(12)
    sealed = AESGCM(_aes_key(key_id)).encrypt(nonce, secret_bytes, ASSOCIATED_DATA)
    text = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    stored = f"{PREFIX}:{key_id}:{text}"
    if len(stored) > MAX_STORED:
        raise ValueError("Authenticator secret too long to store encrypted (20 bytes is usual).")
    return stored


def decrypt(stored):
    """The secret's bytes. A plain hex key (not yet encrypted) is read as it is."""
    if not is_encrypted(stored):
        return bytes.fromhex(stored)
    _, key_id, text = stored.split(":", 2)
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return AESGCM(_aes_key(key_id)).decrypt(raw[:12], raw[12:], ASSOCIATED_DATA)


def seal_before_save(sender, instance, **kwargs):
    """pre_save on TOTPDevice: a plain hex key is encrypted before it reaches the database."""
    if instance.key and not is_encrypted(instance.key):
        instance.key = encrypt(bytes.fromhex(instance.key))


def needs_rotation(stored):
    return key_id_of(stored) != settings.MFA_SECRET_KEY_ID


def rotate(stored):
    """The same secret under the current key."""
    return encrypt(decrypt(stored))


def install():
    """Make django-otp's TOTPDevice read and write through this module (AccountsConfig.ready).
    ``bin_key`` is the only way django-otp reads the key (verify_token, config_url)."""
    from django.db.models.signals import pre_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.bin_key = property(lambda device: decrypt(device.key))
    pre_save.connect(seal_before_save, sender=TOTPDevice, dispatch_uid="mfa_secrets.seal")


def encrypt_all(devices):
    """Encrypt plain keys and re-encrypt keys under a retired key id. ``devices`` is a
    TOTPDevice manager (the model's, or a migration's historical one). Returns how many."""
    changed = 0
    for pk, stored in devices.values_list("pk", "key").iterator():
        if needs_rotation(stored):
            # Conditional on the value read: a key changed meanwhile is left for the next run.
            changed += devices.filter(pk=pk, key=stored).update(key=rotate(stored))
    return changed
