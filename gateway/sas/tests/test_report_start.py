"""Reporting a removal and screening reports are in front of the people who do them: the
practice reaches the report from its home page and menu by finding the patient first, and the
commissioner sees reports waiting to be screened, with the time left of the 24-hour target."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from tests.factories import PatientFactory

from .report_helpers import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    return Scheme()


def _text(response):
    return response.content.decode()


def test_reporting_a_removal_without_a_patient_starts_by_finding_them(client, scheme):
    sign_in(client, scheme.practice_user, scheme.practice)
    start = client.get(reverse("sas:report-new"))
    assert start.status_code == 200
    assert "Find the patient" in _text(start)

    found = client.post(
        reverse("sas:report-new"), {"name": scheme.patient.family_name}, follow=True
    )
    page = _text(found)
    assert "Patients found" in page
    report_link = f"{reverse('sas:report-new')}?patient={scheme.patient.public_id}"
    assert f"Report a removal for {scheme.patient.display_name}" in page
    assert report_link in page
    # The search criteria never travel in the URL.
    assert scheme.patient.family_name not in found.redirect_chain[0][0]
    assert "What did the patient do?" in _text(client.get(report_link))


def test_the_patient_search_for_a_report_shows_only_the_practices_patients(client, scheme):
    stranger = PatientFactory(family_name=scheme.patient.family_name)
    sign_in(client, scheme.practice_user, scheme.practice)
    page = _text(
        client.post(reverse("sas:report-new"), {"name": scheme.patient.family_name}, follow=True)
    )
    assert str(scheme.patient.public_id) in page
    assert str(stranger.public_id) not in page


def test_the_practice_home_page_and_menu_offer_to_report_a_removal(client, scheme):
    sign_in(client, scheme.practice_user, scheme.practice)
    home = _text(client.get(reverse("core:home")))
    assert "Report an immediate removal" in home
    assert 'href="/sas/reports/new">Report a removal' in home.replace("\n", "")


def test_the_commissioner_sees_reports_to_screen_with_the_hours_left(client, scheme):
    scheme.report(
        notice_given_at=timezone.now() - datetime.timedelta(hours=5),
        incident_at=timezone.now() - datetime.timedelta(hours=6),
        police_reported_at=timezone.now() - datetime.timedelta(hours=5, minutes=30),
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    home = " ".join(_text(client.get(reverse("core:home"))).split())
    assert "Removal reports to screen</a>: 1 waiting." in home
    assert "The oldest has 18 hours left of the 24-hour target to allocate." in home
    assert "Reports to screen" in home  # the menu


def test_a_report_past_the_24_hour_target_is_said_plainly_on_the_home_page(client, scheme):
    scheme.report(
        notice_given_at=timezone.now() - datetime.timedelta(hours=30),
        incident_at=timezone.now() - datetime.timedelta(hours=31),
        police_reported_at=timezone.now() - datetime.timedelta(hours=30, minutes=30),
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    home = " ".join(_text(client.get(reverse("core:home"))).split())
    assert "The oldest is 6 hours past the 24-hour target to allocate." in home


def test_with_nothing_to_screen_the_home_page_says_none_waiting(client, scheme):
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    home = " ".join(_text(client.get(reverse("core:home"))).split())
    assert "Removal reports to screen</a>: none waiting." in home


def test_the_find_a_patient_step_reads_in_bounded_queries(
    client, scheme, django_assert_max_num_queries
):
    for n in range(30):
        PatientFactory(family_name="Ashdown", created_by_organisation=scheme.practice)
    sign_in(client, scheme.practice_user, scheme.practice)
    url = client.post(reverse("sas:report-new"), {"name": "Ashdown"})["Location"]
    with django_assert_max_num_queries(15):
        page = _text(client.get(url))
    assert "30 patients found, showing 1 to 25." in page


def test_screening_opens_at_the_decision_for_a_report_nobody_has_started(client, scheme):
    """No separate "start screening" click: the commissioner's decision starts screening in
    the same step, and the history still reads reported, screening, then the decision."""
    from gateway.sas.models import Episode
    from gateway.sas.states import State

    episode = scheme.report()
    assert episode.state == State.REPORTED
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    page = _text(client.get(reverse("sas:screen", kwargs={"public_id": episode.public_id})))
    assert "It qualifies: allocate to an SAS practice" in page
    assert "It does not qualify: decline the report" in page
    assert "Ask the practice for more information" in page
    assert "Start screening" not in page

    response = client.post(
        reverse("sas:decline", kwargs={"public_id": episode.public_id}),
        {"reason": "A shove in the queue, no one was hurt.", "version": episode.version},
    )
    assert response.status_code == 302
    episode = Episode.objects.get(pk=episode.pk)
    assert episode.state == State.DECLINED
    steps = list(episode.history.order_by("id").values_list("from_state", "to_state"))
    assert steps[-2:] == [(State.REPORTED, State.SCREENING), (State.SCREENING, State.DECLINED)]
