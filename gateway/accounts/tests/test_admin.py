import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import ApiToken
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import post_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return factories.UserFactory(is_staff=True, is_superuser=True)


def test_admin_lists_every_accounts_model_for_a_verified_superuser(client, superuser):
    sign_in(client, superuser)
    factories.MembershipFactory()
    for model in ("organisation", "user", "membership", "apitoken"):
        response = client.get(reverse(f"admin:accounts_{model}_changelist"))
        assert response.status_code == 200, model
    user = factories.MembershipFactory().user
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert "Memberships" in page.content.decode()


def test_admin_needs_the_code_step_not_just_the_password(client, superuser):
    factories.TotpDeviceFactory(user=superuser)
    post_password(client, superuser.email)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def _token_on(page):
    return page.content.decode().split('<code class="api-token">')[1].split("<")[0].strip()


def test_admin_creates_api_token_keeping_only_its_hash(client, superuser):
    sign_in(client, superuser)
    membership = factories.MembershipFactory()
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {
            "name": "Case system",
            "user": membership.user.pk,
            "organisation": membership.organisation.pk,
            "token_hash": "attacker-chosen",
        },
    )
    token = ApiToken.objects.get(name="Case system")
    assert token.token_hash != "attacker-chosen"
    raw = _token_on(response)
    assert ApiToken.hash(raw) == token.token_hash
    assert AuditEvent.objects.filter(action="create", object_type="accounts.ApiToken").exists()


def test_new_api_token_is_shown_once_never_in_a_cookie_and_not_cached(client, superuser):
    """docs/adr/0038-api-tokens-expire-rotate-and-are-rate-limited.md: the raw token is on
    the answer to the form only; Django's messages would have put it in a cookie."""
    sign_in(client, superuser)
    membership = factories.MembershipFactory()
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {
            "name": "Case system",
            "user": membership.user.pk,
            "organisation": membership.organisation.pk,
        },
    )
    assert response.status_code == 200
    assert "Copy each token now" in response.content.decode()
    raw = _token_on(response)
    assert "no-store" in response["Cache-Control"].split(", ")
    assert all(raw not in morsel.value for morsel in response.cookies.values())
    assert all(raw not in morsel.value for morsel in client.cookies.values())
    assert raw not in str(dict(client.session))
    again = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert raw not in again.content.decode()


def test_admin_rotates_a_token_showing_the_new_one_once(client, superuser, settings):
    settings.API_TOKEN_ROTATION_OVERLAP_HOURS = 48
    sign_in(client, superuser)
    membership = factories.MembershipFactory()
    old = ApiToken.objects.create(
        name="Case system",
        user=membership.user,
        organisation=membership.organisation,
        token_hash=ApiToken.hash("old"),
    )
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "rotate_tokens", "_selected_action": [old.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    assert "keep working for 48 hours" in response.content.decode()
    old.refresh_from_db()
    assert ApiToken.hash(_token_on(response)) == old.replaced_by.token_hash
    assert old.replaced_by.user == membership.user


def test_admin_revokes_chosen_tokens(client, superuser):
    sign_in(client, superuser)
    membership = factories.MembershipFactory()
    token = ApiToken.objects.create(
        name="Case system",
        user=membership.user,
        organisation=membership.organisation,
        token_hash=ApiToken.hash("x"),
    )
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        object_type="accounts.ApiToken", action="state_change"
    ).exists()
