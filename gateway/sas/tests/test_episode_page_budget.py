"""An episode's page stays within the record pages' query budget (15 for the whole GET,
tests/record_page_budget.py) however much the episode has gathered, and still shows it all:
every open deadline, every review, every open flag, the newest of its history."""

import datetime

import pytest
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
