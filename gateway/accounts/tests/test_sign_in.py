import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import PASSWORD, current_code, post_password

pytestmark = pytest.mark.django_db

WRONG = "Enter a correct email address and password"
START = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)


def test_sign_in_page_uses_nhs_form_with_labels(client):
    response = client.get(reverse("accounts:sign-in"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "novalidate" in html
    assert 'for="id_email"' in html and 'id="id_email" name="email"' in html
    assert 'for="id_password"' in html and 'autocomplete="current-password"' in html


def test_correct_password_leads_to_the_code_step(client):
    user = factories.TotpDeviceFactory().user
    response = post_password(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert AuditEvent.objects.filter(action="sign_in", actor=user).exists()


def test_correct_password_without_authenticator_leads_to_set_up(client):
    user = factories.UserFactory()
    response = post_password(client, user.email.upper())
    assert response["Location"] == reverse("accounts:set-up-mfa")


def test_empty_form_shows_error_summary_and_keeps_email(client):
    response = client.post(reverse("accounts:sign-in"), {"email": "a@b.nhs.uk", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Error: Sign in" in html
    assert "nhsuk-error-summary" in html
    assert 'href="#id_password"' in html
    assert "Enter your password" in html
    assert 'value="a@b.nhs.uk"' in html


@pytest.mark.parametrize("case", ["unknown", "wrong password", "disabled", "system account"])
def test_failed_sign_in_gives_the_same_message_whatever_the_reason(client, case):
    user = factories.TotpDeviceFactory().user
    email, password = user.email, PASSWORD
    if case == "unknown":
        email = "nobody@example.nhs.uk"
    elif case == "wrong password":
        password = "not the password"
    elif case == "disabled":
        user.is_active = False
        user.save()
    else:
        user.is_system_account = True
        user.save()
    response = post_password(client, email, password)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == 1


def test_locked_out_after_five_wrong_passwords(client):
    user = factories.TotpDeviceFactory().user
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert WRONG in post_password(client, user.email, "wrong").content.decode()
        response = post_password(client, user.email, "wrong")
        html = response.content.decode()
        assert "Your account is locked because of too many failed attempts" in html
        # 15:00 UTC on 2 March is 3pm in London; locked for 15 minutes.
        assert "Try again after 3:15pm, or ask your organisation admin." in html
        # Even the right password is refused while locked.
        response = post_password(client, user.email)
        assert "Your account is locked" in response.content.decode()
        assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked_out", actor=user).count() == 1


def test_lockout_ends_after_the_lockout_time(client):
    user = factories.TotpDeviceFactory().user
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            post_password(client, user.email, "wrong")
        traveller.shift(datetime.timedelta(minutes=14))
        assert "locked" in post_password(client, user.email).content.decode()
        traveller.shift(datetime.timedelta(minutes=2))
        response = post_password(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


@override_settings(SIGN_IN_MAX_FAILURES=3)
def test_lockout_limit_comes_from_settings(client):
    user = factories.UserFactory()
    for _ in range(3):
        response = post_password(client, user.email, "wrong")
    assert "locked" in response.content.decode()


def test_safe_next_is_followed_after_mfa(client):
    device = factories.TotpDeviceFactory()
    factories.MembershipFactory(user=device.user)
    post_password(client, device.user.email, next_url="/organisation")
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == "/organisation"


def test_next_to_another_site_is_ignored(client):
    device = factories.TotpDeviceFactory()
    post_password(client, device.user.email, next_url="https://evil.example.com/")
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == "/"


def test_sign_in_session_is_new(client):
    """A session id planted before sign-in must not survive it (session fixation)."""
    user = factories.TotpDeviceFactory().user
    client.get(reverse("accounts:sign-in"))
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    post_password(client, user.email)
    assert client.session.session_key != before
