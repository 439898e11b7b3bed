"""Small helpers for the sign-in tests."""

import html
import re

from django.urls import reverse
from django_otp.oath import totp

PASSWORD = "correct horse battery staple"
# Client addresses for throttling tests (documentation ranges, RFC 5737).
OFFICE = "192.0.2.10"
ATTACKER = "198.51.100.66"


def current_code(device):
    """The code an authenticator app would show right now for this device."""
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{token:0{device.digits}d}"


def wrong_code(device):
    return f"{(int(current_code(device)) + 1) % 10**6:06d}"


def post_password(client, email, password=PASSWORD, next_url=None, address=OFFICE):
    data = {"email": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:sign-in"), data, REMOTE_ADDR=address)


def page_text(response):
    """The page's HTML with entities decoded and whitespace squashed, for matching messages."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))
