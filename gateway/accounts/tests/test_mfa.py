import base64
import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import ATTACKER, OFFICE, current_code, page_text, post_password, wrong_code

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)


def signed_in_with_password(client, **device_kwargs):
    device = factories.TotpDeviceFactory(**device_kwargs)
    factories.MembershipFactory(user=device.user)
    post_password(client, device.user.email)
    return device


def test_signed_in_but_unverified_user_is_sent_to_the_code_step(client):
    signed_in_with_password(client)
    for name in ("core:home", "patients:search", "accounts:switch-organisation"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("accounts:verify")


def test_right_code_completes_sign_in(client):
    device = signed_in_with_password(client)
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == "/"
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action="mfa", actor=device.user).exists()


def test_wrong_code_shows_a_plain_error(client):
    device = signed_in_with_password(client)
    response = client.post(reverse("accounts:verify"), {"code": wrong_code(device)})
    html = response.content.decode()
    assert "Error: Enter the code" in html
    assert "The code is not correct" in html
    assert 'href="#id_code"' in html
    assert client.get(reverse("core:home")).status_code == 302


def test_code_that_is_not_six_numbers_is_refused_without_counting(client):
    device = signed_in_with_password(client)
    response = client.post(reverse("accounts:verify"), {"code": "12ab"})
    assert "The code must be 6 numbers" in response.content.decode()
    device.user.refresh_from_db()
    assert device.user.failed_sign_in_count == 0


def test_wrong_codes_count_toward_lockout(client):
    """Only someone with the right password reaches the code step, so wrong codes still lock
    it (docs/adr/0036-sign-in-throttled-not-locked.md): codes cannot be guessed."""
    with time_machine.travel(START, tick=False) as traveller:
        device = signed_in_with_password(client)
        for _ in range(4):
            traveller.shift(datetime.timedelta(seconds=40))  # past django-otp's back-off
            client.post(
                reverse("accounts:verify"), {"code": wrong_code(device)}, REMOTE_ADDR=OFFICE
            )
        traveller.shift(datetime.timedelta(seconds=40))
        response = client.post(
            reverse("accounts:verify"), {"code": wrong_code(device)}, REMOTE_ADDR=OFFICE
        )
        assert response["Location"] == reverse("accounts:sign-in")
        assert "Too many wrong security codes" in page_text(client.get(response["Location"]))
        # The half-finished sign-in has ended. From here the password step is paused (the
        # wrong codes counted against this address and email) and answers as for anyone.
        assert "_auth_user_id" not in client.session
        response = post_password(client, device.user.email)
        assert "Enter a correct email address and password" in page_text(response)
        # From elsewhere the password passes, but the code step is still locked, even for the
        # right code.
        other = Client()
        post_password(other, device.user.email, address=ATTACKER)
        traveller.shift(datetime.timedelta(seconds=40))
        response = other.post(reverse("accounts:verify"), {"code": current_code(device)})
        assert response["Location"] == reverse("accounts:sign-in")
    assert AuditEvent.objects.filter(action="locked_out", actor=device.user).count() == 1


def test_entering_the_password_again_does_not_give_more_code_guesses(client):
    with time_machine.travel(START, tick=False) as traveller:
        device = signed_in_with_password(client)
        for _ in range(3):
            traveller.shift(datetime.timedelta(seconds=40))
            client.post(reverse("accounts:verify"), {"code": wrong_code(device)})
        post_password(client, device.user.email)
        for _ in range(2):
            traveller.shift(datetime.timedelta(seconds=40))
            response = client.post(reverse("accounts:verify"), {"code": wrong_code(device)})
    assert response["Location"] == reverse("accounts:sign-in")
    device.user.refresh_from_db()
    assert device.user.locked_until is not None


def test_right_code_resets_the_failure_count(client):
    with time_machine.travel(START, tick=False) as traveller:
        device = signed_in_with_password(client)
        post_password(client, device.user.email, "wrong")
        traveller.shift(datetime.timedelta(seconds=40))
        client.post(reverse("accounts:verify"), {"code": wrong_code(device)})
        traveller.shift(datetime.timedelta(seconds=40))
        client.post(reverse("accounts:verify"), {"code": current_code(device)})
    device.user.refresh_from_db()
    assert device.user.failed_sign_in_count == 0


@override_settings(DEMO_MODE=False)
def test_demo_secret_is_refused_outside_demo_mode(client):
    device = signed_in_with_password(client, key=DEMO_TOTP_SECRET_HEX)
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response.status_code == 200
    assert "published demo key" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


@override_settings(DEMO_MODE=True)
def test_demo_secret_works_in_demo_mode(client):
    device = signed_in_with_password(client, key=DEMO_TOTP_SECRET_HEX)
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == "/"


def test_set_up_shows_qr_code_and_grouped_key(client):
    user = factories.MembershipFactory().user
    post_password(client, user.email)
    response = client.get(reverse("accounts:set-up-mfa"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in html
    assert "style=" not in html[html.index("<svg") : html.index("</svg>")]
    assert "<script" not in html[html.index("<svg") : html.index("</svg>")]
    key = base64.b32encode(device.bin_key).decode()
    assert f"{key[:4]} {key[4:8]}" in html
    assert "I cannot scan the QR code" in html
    # Reloading keeps the same key, so a QR code already scanned still works.
    client.get(reverse("accounts:set-up-mfa"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_set_up_confirms_device_with_a_right_code(client):
    user = factories.MembershipFactory().user
    post_password(client, user.email)
    client.get(reverse("accounts:set-up-mfa"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:set-up-mfa"), {"code": current_code(device)})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


def test_set_up_refuses_a_wrong_code(client):
    user = factories.MembershipFactory().user
    post_password(client, user.email)
    client.get(reverse("accounts:set-up-mfa"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:set-up-mfa"), {"code": wrong_code(device)})
    assert "The code is not correct" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_password_alone_cannot_add_a_second_authenticator(client):
    signed_in_with_password(client)
    response = client.get(reverse("accounts:set-up-mfa"))
    assert response["Location"] == reverse("accounts:verify")


def test_mfa_pages_need_the_password_step_first(client):
    for name in ("accounts:verify", "accounts:set-up-mfa"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_session_gets_a_new_key_when_the_code_step_completes(client):
    """A session id seen between the password and the code (or planted before) is worth
    nothing afterwards (ASVS 3.2.1)."""
    device = signed_in_with_password(client)
    before = client.session.session_key
    client.post(reverse("accounts:verify"), {"code": current_code(device)})
    after = client.session.session_key
    assert after != before
    assert client.get(reverse("core:home")).status_code == 200
    # The old key no longer opens anything.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    assert stale.get(reverse("core:home")).status_code == 302


def test_a_code_cannot_be_used_twice(client):
    device = signed_in_with_password(client)
    code = current_code(device)
    assert client.post(reverse("accounts:verify"), {"code": code})["Location"] == "/"
    other = Client()
    post_password(other, device.user.email)
    response = other.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 200
    assert "The code is not correct" in page_text(response)
    assert other.get(reverse("core:home")).status_code == 302
