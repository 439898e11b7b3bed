"""The timeline: a patient's SAS history in plain words, newest first,
from the status history, deadlines met or cancelled, appeals and reviews."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.models import Appeal, Deadline, Review
from gateway.sas.tests.report_helpers import Scheme
from gateway.sas.tests.test_episode_pages import make_episode
from tests.factories import CommissionerFactory, SasPracticeFactory

pytestmark = pytest.mark.django_db


def allocated_episode():
    scheme = Scheme()
    scheme.commissioner_user.full_name = "Sam Jones"
    scheme.commissioner_user.save()
    sas = SasPracticeFactory(
        commissioner=scheme.commissioner, name="Brighton SAS Practice", catchment_districts=["BN1"]
    )
    episode = scheme.screening()
    services.allocate(scheme.commissioner_user, scheme.commissioner, episode, sas, episode.version)
    return scheme, episode


def entries(client, episode, page=1):
    return client.get(f"/sas/episodes/{episode.public_id}/timeline?page={page}").content.decode()


def test_says_who_did_what_in_plain_words_newest_first(staff_client):
    scheme, episode = allocated_episode()
    client, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
    page = entries(client, episode)
    today = timezone.localdate()
    allocated = (
        f"{today.day} {today:%B %Y}:</strong> "
        "Allocated to Brighton SAS Practice by Sam Jones (commissioner)."
    )
    screening = "Screening started by Sam Jones (commissioner)."
    reported = "Removal reported by"
    assert allocated in page
    assert page.index(allocated) < page.index(screening) < page.index(reported)
    assert "(removing practice). Reason given: Immediate removal reported" in page


def test_deadlines_met_and_cancelled_appear(staff_client):
    scheme, episode = allocated_episode()
    client, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
    page = entries(client, episode)
    assert "Allocation to an SAS practice: done" in page
    Deadline.objects.filter(episode=episode, kind="review").update(cancelled_at=timezone.now())
    assert "Review: no longer needed" in entries(client, episode)


def test_appeals_and_reviews_appear(staff_client):
    icb = CommissionerFactory()
    episode = make_episode(icb, sas_practice=SasPracticeFactory(commissioner=icb))
    Appeal.objects.create(
        episode=episode,
        against=Appeal.Against.PLACEMENT,
        received_on=datetime.date(2026, 3, 2),
        means=Appeal.Means.PHONE,
        lodged_by=Appeal.LodgedBy.REPRESENTATIVE,
        grounds="It did not happen",
        status=Appeal.Status.DISMISSED,
        decided_on=datetime.date(2026, 4, 1),
        decision_reasons="The incident is on CCTV.",
    )
    Review.objects.create(
        episode=episode,
        due_on=datetime.date(2026, 5, 1),
        held_on=datetime.date(2026, 5, 1),
        status=Review.Status.DECIDED,
        decision=Review.Decision.REMAIN,
        patient_took_part=Review.HowTookPart.PHONE,
    )
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    page = entries(client, episode)
    assert (
        "2 March 2026:</strong> Appeal against being placed on the scheme received from "
        "someone representing them (phone call)." in page
    )
    assert "1 April 2026:</strong> Appeal dismissed by the panel. Reasons: The incident" in page
    assert "1 May 2026:</strong> Review held: remain on the scheme." in page
    assert page.index("1 May 2026") < page.index("1 April 2026") < page.index("2 March 2026")


def test_long_histories_are_paginated_with_bounded_queries(
    staff_client, django_assert_max_num_queries
):
    scheme, episode = allocated_episode()
    user, icb = scheme.commissioner_user, scheme.commissioner
    for _ in range(15):  # 30 more history rows
        services.transition(user, icb, episode, "enter_custody", episode.version)
        services.transition(user, icb, episode, "release_from_custody", episode.version)
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    with django_assert_max_num_queries(20):
        first = entries(client, episode)
    with django_assert_max_num_queries(20):
        second = entries(client, episode, page=2)
    assert first.count("Resumed after release from custody") == 13
    assert "Removal reported" in second
    assert "showing 26 to" in second
    # A fixed overhead, not per row: each part's panel reads its rows in one query, and on
    # PostgreSQL the audit row for the view takes the chain's advisory lock.
    with django_assert_max_num_queries(30):
        detail = client.get(f"/sas/episodes/{episode.public_id}").content.decode()
    assert "See the full history" in detail


def test_an_unrelated_organisation_gets_not_found(staff_client):
    _, episode = allocated_episode()
    client, _, _ = staff_client(Role.COMMISSIONER, CommissionerFactory())
    response = client.get(f"/sas/episodes/{episode.public_id}/timeline")
    assert response.status_code == 404
