"""The password step: one answer after the same work for every failure, and throttling by
who is trying instead of a lockout anyone can trigger
(docs/adr/0036-sign-in-throttled-not-locked.md)."""

import datetime
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gateway.accounts.models import FailedSignIn
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import ATTACKER, OFFICE, PASSWORD, current_code, page_text, post_password

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
SMALL_LIMITS = {
    "address_and_email": 3,
    "address": 5,
    "email": 6,
    "overall": 20,
    "known_browser": 3,
}
NOBODY = "nobody@example.nhs.uk"


def signed_in_fully(client, device, address=OFFICE):
    """Password and code from this browser: it becomes a known browser for the person."""
    post_password(client, device.user.email, address=address)
    response = client.post(
        reverse("accounts:verify"), {"code": current_code(device)}, REMOTE_ADDR=address
    )
    assert response.status_code == 302, page_text(response)
    assert settings.SIGN_IN_KNOWN_BROWSER_COOKIE in response.cookies
    client.post(reverse("accounts:sign-out"))


def the_answer(response, email):
    """The page as a stranger sees it, without what differs on every request anyway (the
    CSRF token, the CSP nonce) and the email they typed, which the form keeps."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    text = re.sub(r'nonce="[^"]+"', "NONCE", text)
    return (response.status_code, text.replace(email, "EMAIL"))


def failing_cases():
    """Every way the password step can fail, each as (email, password) with its setup."""
    wrong = factories.TotpDeviceFactory().user
    disabled = factories.TotpDeviceFactory(user__is_active=False).user
    system = factories.UserFactory(is_system_account=True)
    cis2_only = factories.UserFactory()
    cis2_only.set_unusable_password()
    cis2_only.save()
    code_locked = factories.TotpDeviceFactory().user
    code_locked.locked_until = START + datetime.timedelta(minutes=10)
    code_locked.save()
    paused = factories.TotpDeviceFactory().user
    for _ in range(SMALL_LIMITS["address_and_email"]):
        post_password(Client(), paused.email, "wrong")
    paused_unknown = "also-nobody@example.nhs.uk"
    for _ in range(SMALL_LIMITS["address_and_email"]):
        post_password(Client(), paused_unknown, "wrong")
    return {
        "unknown account": (NOBODY, PASSWORD),
        "wrong password": (wrong.email, "not the password"),
        "disabled": (disabled.email, PASSWORD),
        "system account": (system.email, PASSWORD),
        "no password (CIS2 only)": (cis2_only.email, PASSWORD),
        "code step locked, wrong password": (code_locked.email, "not the password"),
        "paused, right password": (paused.email, PASSWORD),
        "paused, unknown account": (paused_unknown, PASSWORD),
    }


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_every_failure_gets_the_same_answer(client):
    """Status and page identical for an unknown email, a wrong password, a disabled or
    system account, one with no password, a locked code step and a paused attempt (even with
    the right password)."""
    with time_machine.travel(START, tick=False):
        cases = failing_cases()
        answers = {
            case: the_answer(post_password(Client(), email, password), email)
            for case, (email, password) in cases.items()
        }
    expected = answers["unknown account"]
    assert expected[0] == 200
    assert "Enter a correct email address and password" in expected[1]
    for case, answer in answers.items():
        assert answer == expected, case


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_every_failure_does_the_same_work(monkeypatch):
    """The hasher runs once and the same queries run, whatever the reason: before, a locked
    account answered 30 times faster than an unknown one."""
    verified = []
    original = MD5PasswordHasher.verify

    def counting_verify(self, password, encoded):
        verified.append(encoded)
        return original(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", counting_verify)
    with time_machine.travel(START, tick=False):
        cases = failing_cases()
        work = {}
        for case, (email, password) in cases.items():
            verified.clear()
            with CaptureQueriesContext(connection) as queries:
                post_password(Client(), email, password)
            work[case] = (len(verified), len(queries))
    assert set(work.values()) == {work["unknown account"]}, work
    assert work["unknown account"][0] == 1


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_the_address_and_email_pair_is_paused_but_the_person_signs_in_from_elsewhere(client):
    user = factories.TotpDeviceFactory().user
    with time_machine.travel(START, tick=False):
        for _ in range(SMALL_LIMITS["address_and_email"]):
            post_password(Client(), user.email, "wrong", address=ATTACKER)
        refused = post_password(Client(), user.email, address=ATTACKER)
        assert refused.status_code == 200
        assert "_auth_user_id" not in Client().session
        assert post_password(client, user.email, address=OFFICE)["Location"] == reverse(
            "accounts:verify"
        )
    assert AuditEvent.objects.filter(
        action="sign_in_failed", detail__reason="paused (address_and_email)"
    ).exists()


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_password_spraying_from_one_address_is_paused(client):
    """Failures for many emails from one address pause that address, even for an account it
    has not tried yet; other addresses are not affected."""
    user = factories.TotpDeviceFactory().user
    with time_machine.travel(START, tick=False):
        for n in range(SMALL_LIMITS["address"]):
            post_password(Client(), f"guess{n}@example.nhs.uk", "Winter2026!", address=ATTACKER)
        assert post_password(Client(), user.email, address=ATTACKER).status_code == 200
        assert post_password(client, user.email, address=OFFICE).status_code == 302


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_guessing_one_email_from_many_addresses_never_keeps_out_the_persons_own_browser():
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    own_browser = Client()
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_fully(own_browser, device)
        for n in range(SMALL_LIMITS["email"]):
            post_password(Client(), device.user.email, "wrong", address=f"203.0.113.{n}")
        # A browser new to the account is paused, from any address...
        assert post_password(Client(), device.user.email, address="203.0.113.99").status_code == 200
        # ...but the person's own browser is not, even from an address that guessed too.
        traveller.shift(datetime.timedelta(seconds=31))
        response = post_password(own_browser, device.user.email, address="203.0.113.0")
    assert response["Location"] == reverse("accounts:verify")


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_an_overall_limit_pauses_new_browsers_but_not_known_ones():
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    other = factories.TotpDeviceFactory().user
    own_browser = Client()
    with time_machine.travel(START, tick=False) as traveller:
        signed_in_fully(own_browser, device)
        for n in range(SMALL_LIMITS["overall"]):
            post_password(Client(), f"guess{n}@example.nhs.uk", "wrong", address=f"203.0.113.{n}")
        assert post_password(Client(), other.email, address="192.0.2.200").status_code == 200
        traveller.shift(datetime.timedelta(seconds=31))
        assert post_password(own_browser, device.user.email).status_code == 302
    assert AuditEvent.objects.filter(detail__reason="paused (overall)").exists()


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_a_known_browser_is_paused_by_its_own_failures():
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    own_browser = Client()
    with time_machine.travel(START, tick=False):
        signed_in_fully(own_browser, device)
        for _ in range(SMALL_LIMITS["known_browser"]):
            post_password(own_browser, device.user.email, "wrong")
        assert post_password(own_browser, device.user.email).status_code == 200


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_a_forged_or_other_persons_known_browser_cookie_counts_for_nothing():
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    victim = factories.TotpDeviceFactory().user
    attacker_browser = Client()
    with time_machine.travel(START, tick=False):
        signed_in_fully(attacker_browser, device)  # the attacker's own account
        for n in range(SMALL_LIMITS["email"]):
            post_password(Client(), victim.email, "wrong", address=f"203.0.113.{n}")
        # Their cookie names their own account, not the victim's: still paused.
        assert post_password(attacker_browser, victim.email).status_code == 200
        forged = Client()
        forged.cookies[settings.SIGN_IN_KNOWN_BROWSER_COOKIE] = "forged:value"
        assert post_password(forged, victim.email).status_code == 200


@override_settings(SIGN_IN_LIMITS=SMALL_LIMITS)
def test_a_pause_ends_after_the_window_and_old_failures_are_removed(client):
    user = factories.TotpDeviceFactory().user
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(SMALL_LIMITS["address_and_email"]):
            post_password(client, user.email, "wrong")
        traveller.shift(datetime.timedelta(minutes=14))
        assert post_password(client, user.email).status_code == 200
        traveller.shift(datetime.timedelta(minutes=16))
        assert post_password(client, user.email)["Location"] == reverse("accounts:verify")
        post_password(Client(), NOBODY, "wrong")
    # Only the failures inside the window are kept.
    assert FailedSignIn.objects.count() == 1


def test_failures_keep_no_address_or_email(client):
    post_password(client, NOBODY, "wrong", address=ATTACKER)
    row = FailedSignIn.objects.get()
    stored = f"{row.client_key} {row.account_key} {row.browser_key}"
    assert ATTACKER not in stored and "nobody" not in stored


@override_settings(TRUSTED_PROXY_COUNT=1, SIGN_IN_LIMITS=SMALL_LIMITS)
def test_behind_a_proxy_the_forwarded_address_is_counted_not_the_proxys(client):
    user = factories.TotpDeviceFactory().user
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(SMALL_LIMITS["address_and_email"]):
        client.post(
            reverse("accounts:sign-in"),
            {"email": user.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=ATTACKER,
            **proxy,
        )
    response = client.post(
        reverse("accounts:sign-in"),
        {"email": user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=OFFICE,
        **proxy,
    )
    assert response["Location"] == reverse("accounts:verify")


def test_no_other_form_can_check_a_password():
    """Only the throttled sign-in step checks passwords: Django's authenticate() (which the
    admin site's login form uses) checks none, so it cannot be used to guess one."""
    user = factories.TotpDeviceFactory().user
    assert authenticate(username=user.username, password=PASSWORD) is None
    assert authenticate(username=user.email, password=PASSWORD) is None


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"],
    SIGN_IN_LIMITS=SMALL_LIMITS,
)
def test_every_failure_takes_about_as_long_with_the_real_hasher():
    """With production's Argon2, no failure answers much faster than another (a locked
    account used to answer 30 times faster than an unknown one). The bound is loose so a busy
    machine does not fail it; test_every_failure_does_the_same_work is the exact check."""
    cases = failing_cases()
    post_password(Client(), "warm-up@example.nhs.uk", "x")  # the stand-in hash is made once
    timings = {}
    for case, (email, password) in cases.items():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            post_password(Client(), email, password)
            runs.append(time.perf_counter() - started)
        timings[case] = sorted(runs)[1]
    assert max(timings.values()) < 2 * min(timings.values()), timings
