"""POST /api/v1/sas/removal-reports with a practice's token."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.api.tests.conftest import api_client  # noqa: F401 - the fixture
from gateway.sas.models import Episode

from .report_helpers import Scheme

pytestmark = pytest.mark.django_db
URL = "/api/v1/sas/removal-reports"


def payload(scheme, **overrides):
    incident = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=5)
    body = {
        "patient": str(scheme.patient.public_id),
        "signed_by_name": "Jo Practice-Manager",
        "signed_by_role": "practice_manager",
        "incident_at": incident.isoformat(),
        "setting": "practice_premises",
        "behaviours": ["threat", "weapon"],
        "description": "Threatened staff with a knife.",
        "health_condition_could_explain": "no",
        "learning_disability_or_neurodiversity_considered": True,
        "alternatives_tried": "Warning letter last month.",
        "police_reported": True,
        "police_reported_at": (incident + datetime.timedelta(minutes=20)).isoformat(),
        "police_reference": "",
        "notice_given_at": (incident + datetime.timedelta(hours=1)).isoformat(),
        "notice_method": "in_writing",
        "patient_told": "would_harm",
    }
    body.update(overrides)
    return body


@pytest.fixture
def scheme():
    return Scheme()


def test_practice_token_submits_a_report_and_gets_the_deadlines(api_client, scheme):  # noqa: F811
    client, _ = api_client(scheme.practice, Role.PRACTICE_STAFF)
    response = client.post(URL, payload(scheme), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    episode = Episode.objects.get(public_id=body["episode"])
    assert (episode.state, body["screening_route"]) == ("reported", "qualifies")
    # Notice in writing: only the allocation target, no written-confirmation deadline.
    assert [d["kind"] for d in body["deadlines"]] == ["allocation"]
    assert episode.removal_report.behaviours == ["threat", "weapon"]


def test_invalid_report_gets_422_with_plain_messages(api_client, scheme):  # noqa: F811
    client, _ = api_client(scheme.practice, Role.PRACTICE_STAFF)
    response = client.post(
        URL,
        payload(scheme, setting="", police_reported_at=None, behaviours=[]),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["setting"] == ["Choose where the incident happened"]
    assert errors["police_reported_at"] == ["Enter the date the police were told"]
    assert errors["behaviours"] == ["Select what the patient did"]
    assert not Episode.objects.exists()


def test_warned_report_needs_an_explanation_over_the_api(api_client, scheme):  # noqa: F811
    client, _ = api_client(scheme.practice, Role.PRACTICE_STAFF)
    body = payload(scheme, police_reported=False, police_reported_at=None)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 422
    assert "Explain why" in response.json()["detail"]
    assert "police_not_told" in {w["code"] for w in response.json()["warnings"]}

    body["explanation"] = "The patient ran off before the police came."
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["screening_route"] == "commissioner_approval_needed"


def test_commissioner_token_cannot_submit_a_removal_report(api_client, scheme):  # noqa: F811
    client, _ = api_client(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(URL, payload(scheme), content_type="application/json")
    assert response.status_code == 403


def test_patient_of_another_practice_is_not_found(api_client, scheme):  # noqa: F811
    other = Scheme()
    client, _ = api_client(scheme.practice, Role.PRACTICE_STAFF)
    response = client.post(URL, payload(other), content_type="application/json")
    assert response.status_code == 404
