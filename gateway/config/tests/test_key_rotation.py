"""Rotating SECRET_KEY breaks nothing (docs/operations/backups-and-keys.md#rotating-keys): with
the old key in SECRET_KEY_FALLBACKS staff stay signed in, and a one-time code a person has just
been given still works because codes are keyed with PORTAL_CODE_KEY, not SECRET_KEY."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from gateway.portal import services
from gateway.portal.tests.helpers import issue, scheme_with_mobile

pytestmark = pytest.mark.django_db

NEW_KEY = "rotated-in-key-0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3f2e1d0c9b8"


def test_staff_stay_signed_in_when_the_secret_key_is_rotated_with_a_fallback(staff_client):
    client, _, _ = staff_client()
    assert client.get(reverse("core:home")).status_code == 200

    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "Sign out" in response.content.decode()


def test_without_the_fallback_rotation_signs_staff_out(staff_client):
    # The fallback is what keeps people signed in: the test above would pass for nothing if
    # sessions did not depend on the key at all.
    client, _, _ = staff_client()
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_a_code_given_before_the_secret_key_was_rotated_still_works():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        result = services.sign_in_with_code(issued.shown, client_address="203.0.113.5")
    assert result.ok
    assert result.session.patient == scheme.episode.patient


def test_codes_depend_on_the_portal_code_key():
    scheme = scheme_with_mobile()
    issued = issue(scheme)
    with override_settings(PORTAL_CODE_KEY="a-different-portal-key-5e4d3c2b1a0f9e8d"):
        result = services.sign_in_with_code(issued.shown, client_address="203.0.113.5")
    assert not result.ok
