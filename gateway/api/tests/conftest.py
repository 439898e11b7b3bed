import secrets

import pytest
from django.test import Client

from gateway.accounts.models import ApiToken, Role
from tests.factories import MembershipFactory, UserFactory


def make_token(organisation, role=Role.PRACTICE_STAFF, **token_fields):
    """A system account in `organisation` with `role`, and a raw bearer token for it."""
    user = UserFactory(is_system_account=True)
    MembershipFactory(user=user, organisation=organisation, role=role)
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name="Test system",
        user=user,
        organisation=organisation,
        token_hash=ApiToken.hash(raw),
        **token_fields,
    )
    return raw, token


@pytest.fixture
def api_client(db):
    """api_client(organisation, role=...) -> (client, token); the client sends the token."""

    def make(organisation, role=Role.PRACTICE_STAFF, **token_fields):
        raw, token = make_token(organisation, role, **token_fields)
        return Client(headers={"Authorization": f"Bearer {raw}"}), token

    return make
