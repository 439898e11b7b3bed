"""An episode's page stays within the record pages' query budget (15 for the whole GET,
tests/record_page_budget.py) however much the episode has gathered, and still shows it all:
every open deadline, every review, every open flag, the newest of its history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas.models import Allocation, Appeal, Review, StatusHistory
from gateway.sas.states import State
from gateway.sas.tests.test_episode_pages import add_deadline, make_episode
from tests.factories import CommissionerFactory, SasPracticeFactory
from tests.record_page_budget import MANY, a_page_in_budget, flag_every_kind

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def a_crowded_episode(icb, user):
    sas = SasPracticeFactory(commissioner=icb)
    episode = make_episode(icb, sas_practice=sas)
    earlier = timezone.now() - datetime.timedelta(days=400)
    for n in range(MANY):
        add_deadline(episode, days(n + 1), label=f"Open deadline {n}")
        add_deadline(episode, days(-n - 1), label=f"Met deadline {n}", met_at=earlier)
        Appeal.objects.create(
            episode=episode,
            against=Appeal.Against.PLACEMENT,
            received_on=days(-300 - n),
            means=Appeal.Means.LETTER,
            lodged_by=Appeal.LodgedBy.PATIENT,
            grounds="Grounds",
            status=Appeal.Status.DISMISSED,
            decided_on=days(-299 - n),
        )
        Review.objects.create(episode=episode, due_on=days(-200 - n), status="cancelled")
        StatusHistory.objects.create(
            episode=episode,
            from_state=State.ALLOCATED,
            to_state=State.ALLOCATED,
            transition="allocate",
            at=earlier - datetime.timedelta(days=n),
        )
        Allocation.objects.create(episode=episode, sas_practice=sas, allocated_by=user)
    flag_every_kind(episode.patient)
    add_deadline(episode, days(-1), label="Just met", met_at=timezone.now())
    Review.objects.create(episode=episode, due_on=days(90))
    return episode


def test_a_crowded_episode_page_is_shown_in_the_record_pages_budget(
    staff_client, django_assert_max_num_queries
):
    client, user, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
    episode = a_crowded_episode(icb, user)

    page = a_page_in_budget(
        client, f"/sas/episodes/{episode.public_id}", django_assert_max_num_queries
    )

    for n in range(MANY):
        assert f"Open deadline {n} by" in page
        assert f"Met deadline {n} by" not in page  # met: no longer due
    reviews = Review.objects.filter(episode=episode)
    assert len(reviews) == MANY + 1
    assert all(f'href="/sas/reviews/{review.public_id}"' in page for review in reviews)
    assert "Review due" in page  # the scheduled one, among those that did not go ahead
    assert "Just met: done" in page  # the newest step leads the history
    assert "See the full history" in page


def test_the_scoped_read_joins_only_the_person_and_the_parts_are_read_by_key(staff_client):
    """The query that scopes the episode to the organisation joins only the person and their
    recorded death; its organisations and reports come by the episode's key. Joined into the
    scoped read they made PostgreSQL plan ten relations: 25 ms of planning for 0.3 ms of work
    on the bench's 4x data (docs/adr/0061). The page still names each of them."""
    client, user, icb = staff_client(Role.COMMISSIONER, CommissionerFactory())
    sas = SasPracticeFactory(commissioner=icb)
    episode = make_episode(icb, sas_practice=sas)
    with CaptureQueriesContext(connection) as read:
        page = client.get(f"/sas/episodes/{episode.public_id}").content.decode()
    episodes = [
        q["sql"] for q in read if q["sql"].startswith("SELECT") and '"sas_episode"."id"' in q["sql"]
    ]
    scoped = [sql for sql in episodes if "patients_patientrelationship" in sql]
    assert len(scoped) == 1 and scoped[0].count(" JOIN ") <= 2
    assert any(
        '"sas_removalreport"' in sql and "patients_patientrelationship" not in sql
        for sql in episodes
    )
    assert icb.name in page and sas.name in page
