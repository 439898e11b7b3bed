"""The appeal pages, the change page and the appeal API: same services, clear refusals
(never a 500), 404 for organisations not involved, bounded queries."""

import datetime
import secrets

import pytest
from django.test import Client
from django.urls import reverse

from gateway.accounts.models import ApiToken, Role
from gateway.sas import services
from gateway.sas.models import Appeal
from gateway.sas.states import State
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory, UserFactory

from .appeal_helpers import appeal_data, ready_for_panel
from .factories import OnScheme

pytestmark = pytest.mark.django_db


def form_post(**overrides):
    data = {
        "against": "placement",
        "lodged_by": "representative",
        "representative_name": "Pat Jones",
        "representative_relationship": "Support worker",
        "means": "email",
        "received_on_day": "10",
        "received_on_month": "3",
        "received_on_year": "2026",
        "grounds": "The incident did not happen.",
        "late_reason": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def scheme():
    return OnScheme()


@pytest.fixture
def as_commissioner(staff_client, scheme):
    client, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
    return client


def lodge(scheme):
    return services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )


def test_staff_record_an_appeal_made_by_a_representative_by_email(scheme, as_commissioner):
    url = reverse("sas:appeal-new", kwargs={"public_id": scheme.episode.public_id})
    page = as_commissioner.get(url)
    assert page.status_code == 200
    assert "Appeal by 30 March 2026 — 28 days from the allocation letter" in page.content.decode()

    response = as_commissioner.post(url, form_post())
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("sas:appeal-detail", kwargs={"public_id": appeal.public_id})
    assert (appeal.lodged_by, appeal.means, appeal.representative_name) == (
        "representative",
        "email",
        "Pat Jones",
    )
    assert scheme.refresh().state == State.ALLOCATED


def test_late_appeal_on_the_page_asks_for_a_reason_and_keeps_what_was_typed(
    scheme, as_commissioner
):
    url = reverse("sas:appeal-new", kwargs={"public_id": scheme.episode.public_id})
    response = as_commissioner.post(url, form_post(received_on_day="2", received_on_month="4"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Error: Record an appeal") == 1
    assert "Say why it is being accepted late" in body
    assert "Pat Jones" in body
    assert not Appeal.objects.exists()


def test_appeal_page_shows_deadlines_with_their_explanations(scheme, as_commissioner):
    appeal = lodge(scheme)
    page = as_commissioner.get(reverse("sas:appeal-detail", kwargs={"public_id": appeal.public_id}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Acknowledge the appeal and send the appeal form by" in body
    assert "7 working days from receiving the appeal" in body


def test_stale_appeal_form_shows_a_conflict_and_saves_nothing(scheme, as_commissioner):
    appeal = lodge(scheme)
    services.record_acknowledgement(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 3, 12),
    )
    url = reverse("sas:appeal-detail", kwargs={"public_id": appeal.public_id})
    response = as_commissioner.post(
        url,
        {
            "action": "patient_form",
            "patient_form-version": str(appeal.version),  # the version the page was read at
            "patient_form-on_day": "20",
            "patient_form-on_month": "3",
            "patient_form-on_year": "2026",
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this appeal" in response.content.decode()
    assert Appeal.objects.get().patient_form_received_on is None


def test_panel_decision_upheld_on_the_page_ends_the_episode(scheme, staff_client):
    appeal = ready_for_panel(scheme, lodge(scheme))
    client, _, _ = staff_client(Role.PANEL_MEMBER, scheme.commissioner)
    url = reverse("sas:appeal-decide", kwargs={"public_id": appeal.public_id})
    response = client.post(
        url,
        {
            "version": str(appeal.version),
            "outcome": "upheld",
            "reasons": "The incident was in a hospital.",
            "decided_on_day": "1",
            "decided_on_month": "5",
            "decided_on_year": "2026",
        },
    )
    assert response.status_code == 302
    assert scheme.refresh().state == State.ALLOCATED  # nothing saved before the check
    check = client.get(response["Location"]).content.decode()
    assert "Upheld: the patient leaves the scheme" in check
    assert "The incident was in a hospital." in check
    confirmed = client.post(response["Location"])
    assert confirmed["Location"] == reverse(
        "sas:appeal-decided", kwargs={"public_id": appeal.public_id}
    )
    assert scheme.refresh().state == State.OVERTURNED


def test_dismissal_without_reasons_is_refused_on_the_page(scheme, staff_client):
    appeal = lodge(scheme)
    client, _, _ = staff_client(Role.PANEL_MEMBER, scheme.commissioner)
    url = reverse("sas:appeal-decide", kwargs={"public_id": appeal.public_id})
    response = client.post(url, {"version": str(appeal.version), "outcome": "dismissed"})
    assert response.status_code == 200
    assert "Enter the panel&#39;s reasons for its decision" in response.content.decode()


def test_illegal_change_on_the_page_gets_a_clear_message_not_a_500(scheme, as_commissioner):
    url = reverse("sas:episode-change", kwargs={"public_id": scheme.episode.public_id})
    response = as_commissioner.post(url, {"version": "1", "change": "release", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "You cannot resume the episode after release from custody" in body
    assert "nhsuk-error-summary" in body
    assert scheme.refresh().state == State.ALLOCATED


def test_custody_recorded_on_the_change_page(scheme, staff_client):
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    url = reverse("sas:episode-change", kwargs={"public_id": scheme.episode.public_id})
    page = client.get(url)
    assert "The patient has gone into custody" in page.content.decode()
    assert "moved to another area" not in page.content.decode()  # commissioners only
    response = client.post(url, {"version": "1", "change": "custody"})
    assert response.status_code == 302
    assert scheme.refresh().state == State.ON_HOLD_CUSTODY


def test_transfer_chosen_from_the_list_on_the_page(scheme, as_commissioner):
    new_area = CommissionerFactory(name="West Yorkshire ICB")
    url = reverse("sas:episode-change", kwargs={"public_id": scheme.episode.public_id})
    assert "West Yorkshire ICB" in as_commissioner.get(url).content.decode()
    response = as_commissioner.post(
        url,
        {
            "version": "1",
            "change": "transfer",
            "to_commissioner": str(new_area.public_id),
            "reason": "Moved to Leeds",
        },
    )
    assert response.status_code == 302
    assert scheme.refresh().state == State.TRANSFERRED_OUT
    assert new_area.sas_episodes.get().state == State.SCREENING


@pytest.mark.parametrize(
    "name", ["sas:appeal-new", "sas:episode-change"], ids=["appeal-new", "episode-change"]
)
def test_unrelated_organisation_gets_404_on_episode_pages(scheme, staff_client, name):
    client, _, _ = staff_client(Role.COMMISSIONER, CommissionerFactory())
    assert (
        client.get(reverse(name, kwargs={"public_id": scheme.episode.public_id})).status_code == 404
    )


@pytest.mark.parametrize("name", ["sas:appeal-detail", "sas:appeal-decide", "sas:appeal-decided"])
def test_unrelated_organisation_gets_404_on_appeal_pages(scheme, staff_client, name):
    appeal = lodge(scheme)
    client, _, _ = staff_client(Role.PRACTICE_STAFF, PracticeFactory())
    assert client.get(reverse(name, kwargs={"public_id": appeal.public_id})).status_code == 404


def test_appeal_page_uses_a_bounded_number_of_queries(
    scheme, as_commissioner, django_assert_max_num_queries
):
    appeal = lodge(scheme)
    appeal = services.record_acknowledgement(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 3, 12),
    )
    appeal = services.record_patient_form(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 3, 20),
    )
    appeal = services.record_practice_form(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 3, 21),
    )
    url = reverse("sas:appeal-detail", kwargs={"public_id": appeal.public_id})
    with django_assert_max_num_queries(20):
        assert as_commissioner.get(url).status_code == 200


def _token(organisation, role):
    user = UserFactory(is_system_account=True)
    MembershipFactory(user=user, organisation=organisation, role=role)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        name="Case system", user=user, organisation=organisation, token_hash=ApiToken.hash(raw)
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def api_url(episode):
    return f"/api/v1/sas/episodes/{episode.public_id}/appeals"


def test_api_lodges_an_appeal_with_a_commissioner_token(scheme):
    client = _token(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(
        api_url(scheme.episode),
        {
            "against": "placement",
            "lodged_by": "patient",
            "received_on": "2026-03-10",
            "grounds": "Registered by mistake.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["episode_state"] == "allocated" and body["is_late"] is False
    assert {d["kind"] for d in body["deadlines"]} == {
        "appeal_acknowledgement",
        "patient_appeal_form",
        "practice_incident_form",
    }
    assert Appeal.objects.get().means == "api"
    assert scheme.refresh().state == State.ALLOCATED


def test_api_late_appeal_without_a_reason_is_422(scheme):
    client = _token(scheme.commissioner, Role.COMMISSIONER)
    response = client.post(
        api_url(scheme.episode),
        {
            "against": "placement",
            "lodged_by": "patient",
            "received_on": "2026-04-02",
            "grounds": "Not me.",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "late_reason" in response.json()["errors"]


def test_api_unrelated_organisation_gets_404(scheme):
    client = _token(CommissionerFactory(), Role.COMMISSIONER)
    response = client.post(
        api_url(scheme.episode),
        {
            "against": "placement",
            "lodged_by": "patient",
            "received_on": "2026-03-10",
            "grounds": "Not me.",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Appeal.objects.exists()


def test_appeal_list_is_paginated_with_bounded_queries(
    scheme, as_commissioner, django_assert_max_num_queries
):
    for n in range(30):
        Appeal.objects.create(
            episode=scheme.episode,
            against="placement",
            received_on=datetime.date(2026, 3, 3) + datetime.timedelta(days=n),
            means="letter",
            lodged_by="patient",
            grounds="Not me.",
            status="withdrawn",
        )
    url = reverse("sas:appeal-list", kwargs={"public_id": scheme.episode.public_id})
    with django_assert_max_num_queries(15):
        first = as_commissioner.get(url).content.decode()
    assert first.count("received ") == 25
    assert "received 1 April 2026" in first  # newest first
    assert as_commissioner.get(url + "?page=2").content.decode().count("received ") == 5


def test_episode_page_panel_links_to_appeals_and_changes(scheme, as_commissioner):
    url = reverse("sas:episode-detail", kwargs={"public_id": scheme.episode.public_id})
    body = as_commissioner.get(url).content.decode()
    assert reverse("sas:appeal-list", kwargs={"public_id": scheme.episode.public_id}) in body
    assert reverse("sas:appeal-new", kwargs={"public_id": scheme.episode.public_id}) in body
