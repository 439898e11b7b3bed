import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import ATTACKER, OFFICE, PASSWORD, current_code, page_text, post_password

pytestmark = pytest.mark.django_db

WRONG = (
    "Enter a correct email address and password. After several tries that did not work, "
    "wait 15 minutes before you try again"
)


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
    assert WRONG in page_text(response)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_failed").count() == 1


def test_five_wrong_passwords_never_lock_the_account(client):
    """docs/adr/0036-sign-in-throttled-not-locked.md: the password step
    pauses the address and email together, never the account, so from elsewhere the person
    still signs in."""
    user = factories.TotpDeviceFactory().user
    for _ in range(5):
        post_password(client, user.email, "wrong", address=ATTACKER)
    user.refresh_from_db()
    assert user.locked_until is None and user.failed_sign_in_count == 0
    assert not AuditEvent.objects.filter(action="locked_out").exists()
    response = post_password(client, user.email, address=OFFICE)
    assert response["Location"] == reverse("accounts:verify")


def test_an_old_account_lock_changes_nothing_at_the_password_step(client):
    """A lock from wrong security codes is the code step's; the password step answers as it
    would for anyone, so it cannot tell a stranger the account exists."""
    device = factories.TotpDeviceFactory()
    user = device.user
    user.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    user.save()
    response = post_password(client, user.email)
    assert response["Location"] == reverse("accounts:verify")
    response = client.post(reverse("accounts:verify"), {"code": current_code(device)})
    assert response["Location"] == reverse("accounts:sign-in")
    assert "Too many wrong security codes" in page_text(client.get(response["Location"]))


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
