"""The API calls the same services: no consent, nothing sent; a refusal for no proof of
address is flagged."""

import secrets

import pytest
from django.test import Client

from gateway.accounts.models import ApiToken, Role
from gateway.comms.models import Message
from gateway.registration.models import RegistrationReferral
from tests.factories import MembershipFactory, UserFactory

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db


def _client(organisation, role):
    user = UserFactory(is_system_account=True)
    MembershipFactory(user=user, organisation=organisation, role=role)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        name="Test", user=user, organisation=organisation, token_hash=ApiToken.hash(raw)
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def world():
    return World()


def test_api_referral_without_consent_is_refused_and_nothing_is_sent(world):
    client = _client(world.probation, Role.SUPPORT_WORKER)
    response = client.post(
        "/api/v1/registration/referrals",
        {
            "person": {"given_name": "Casey", "family_name": "Doe", "birth_year": 1990},
            "address_basis": "proxy",
            "practice": str(world.practice.public_id),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "consent_given" in response.json()["errors"]
    assert not RegistrationReferral.objects.exists()
    assert not Message.objects.exists()


def test_api_referral_with_consent_is_sent_to_the_practice(world):
    client = _client(world.probation, Role.SUPPORT_WORKER)
    response = client.post(
        "/api/v1/registration/referrals",
        {
            "person": {"given_name": "Casey", "family_name": "Doe", "birth_year": 1990},
            "consent_given": True,
            "consent_method": "verbal",
            "address_basis": "proxy",
            "practice": str(world.practice.public_id),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "sent"
    assert Message.objects.filter(recipient_organisation=world.practice).count() == 1


def test_api_refusal_for_no_proof_of_address_is_flagged(world):
    referral = sent_referral(world)
    client = _client(world.practice, Role.PRACTICE_STAFF)
    response = client.post(
        f"/api/v1/registration/referrals/{referral.public_id}/answer",
        {"version": referral.version, "answer": "refuse", "reason": "no_proof_of_address"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["flagged_to_commissioner"] is True
