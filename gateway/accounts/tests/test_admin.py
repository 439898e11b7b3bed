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
        follow=True,
    )
    token = ApiToken.objects.get(name="Case system")
    assert token.token_hash != "attacker-chosen"
    raw = response.content.decode().split("It will not be shown again: ")[1].split("<")[0].strip()
    assert ApiToken.hash(raw) == token.token_hash
    assert AuditEvent.objects.filter(action="create", object_type="accounts.ApiToken").exists()
