"""POST /api/v1/sas/reviews/{public_id}/decision: the same services and rules as the page."""

import datetime

import pytest
import time_machine

from gateway.accounts.models import Role
from gateway.api.tests.conftest import api_client  # noqa: F401 (fixture)
from gateway.sas.models import Review
from gateway.sas.states import State
from tests.factories import PracticeFactory

from .factories import OnScheme

pytestmark = pytest.mark.django_db
DAY = datetime.datetime(2026, 6, 1, 12, 0)


def _url(review):
    return f"/api/v1/sas/reviews/{review.public_id}/decision"


def _body(scheme, **overrides):
    return {
        "episode_version": scheme.episode.version,
        "patient_took_part": "in_person",
        "held_on": "2026-06-01",
        "decision": "discharge",
        "reasons": "A settled year",
        "target_practice": str(scheme.mainstream.public_id),
        "medication_cover": "Repeat prescriptions until registered",
        "stay_in_touch_months": 6,
        **overrides,
    }


@time_machine.travel(DAY, tick=False)
def test_commissioner_token_records_a_discharge_decision_with_discharge_by_explained(
    api_client,  # noqa: F811
):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    client, _ = api_client(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(_url(review), _body(scheme), content_type="application/json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["episode_state"] == State.DISCHARGE_PLANNED
    assert data["discharge_by"]["describe"] == (
        "Discharge by 1 September 2026 — 3 months from the decision to discharge"
    )
    assert Review.objects.get(pk=review.pk).decision == "discharge"


@time_machine.travel(DAY, tick=False)
def test_api_remain_without_what_would_change_it_is_refused_with_the_field_named(
    api_client,  # noqa: F811
):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    client, _ = api_client(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(
        _url(review),
        _body(scheme, decision="remain", what_would_change_it=""),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "what_would_change_it" in response.json()["errors"]


@time_machine.travel(DAY, tick=False)
def test_api_stale_episode_version_is_a_conflict(api_client):  # noqa: F811
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    client, _ = api_client(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(
        _url(review), _body(scheme, episode_version=7), content_type="application/json"
    )
    assert response.status_code == 409
    assert "Someone else changed this episode" in response.json()["detail"]


@time_machine.travel(DAY, tick=False)
def test_api_unrelated_organisation_gets_404(api_client):  # noqa: F811
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    client, _ = api_client(PracticeFactory(), Role.PRACTICE_STAFF)
    response = client.post(_url(review), _body(scheme), content_type="application/json")
    assert response.status_code == 404
