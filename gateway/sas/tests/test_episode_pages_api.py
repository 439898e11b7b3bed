"""GET /api/v1/sas/episodes/{public_id}: state and open deadlines with the
rule and policy version, for organisations that may see the patient; 404 otherwise."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.api.tests.conftest import make_token
from gateway.audit.models import AuditEvent
from gateway.sas.states import State
from gateway.sas.tests.factories import SchemePolicyFactory
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from tests.factories import CommissionerFactory, SasPracticeFactory

pytestmark = pytest.mark.django_db


def client_for(organisation, role=Role.COMMISSIONER):
    raw, token = make_token(organisation, role)
    return Client(headers={"Authorization": f"Bearer {raw}"}), token


def url(episode):
    return f"/api/v1/sas/episodes/{episode.public_id}"


def test_returns_state_practice_and_open_deadlines_with_rule_and_policy_version():
    icb = CommissionerFactory()
    sas = SasPracticeFactory(commissioner=icb, name="Brighton SAS Practice")
    episode = make_episode(icb, sas_practice=sas)
    policy = SchemePolicyFactory(commissioner=icb, version=2)
    add_deadline(episode, datetime.date(2026, 3, 21), policy=policy)
    add_deadline(episode, days(-2), kind="review", label="Review", policy=policy)
    add_deadline(episode, days(5), label="Met already", policy=policy, met_at=timezone.now())
    client, _ = client_for(icb)

    response = client.get(url(episode))

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == State.ALLOCATED
    assert body["state_label"] == "Allocated"
    assert body["sas_practice"] == {"public_id": str(sas.public_id), "name": sas.name}
    by_kind = {d["kind"]: d for d in body["deadlines"]}
    assert set(by_kind) == {"appeal_against_placement", "review"}
    appeal = by_kind["appeal_against_placement"]
    assert appeal["due_on"] == "2026-03-21"
    assert appeal["rule"] == "The patient may appeal against being placed on the scheme"
    assert appeal["explanation"] == "28 days from the allocation letter"
    assert appeal["description"] == "Appeal by 21 March 2026 — 28 days from the allocation letter"
    assert appeal["policy_version"] == 2
    assert by_kind["review"]["overdue"] is True


def test_the_read_is_audited_against_the_patient():
    icb = CommissionerFactory()
    episode = make_episode(icb)
    client, token = client_for(icb)
    client.get(url(episode))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.patient_id) == (token.user, episode.patient_id)


def test_an_unrelated_organisation_gets_not_found():
    episode = make_episode(CommissionerFactory())
    client, _ = client_for(CommissionerFactory())
    response = client.get(url(episode))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


def test_a_token_whose_role_does_not_see_patients_is_refused():
    icb = CommissionerFactory()
    episode = make_episode(icb)
    client, _ = client_for(icb, role=Role.AUDITOR)
    assert client.get(url(episode)).status_code == 403


def test_no_token_is_refused():
    episode = make_episode(CommissionerFactory())
    assert Client().get(url(episode)).status_code == 401
