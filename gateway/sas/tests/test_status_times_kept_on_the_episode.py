"""The insight figures count each episode from its first allocation to its first closing,
kept on the episode row (ADR 0029). Every status history write sets them in the same
transaction, the first time only; gateway/sas/tests/conftest.py checks them against the
history after every SAS test, so every service the tests drive is covered too."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.states import State
from tests.factories import MembershipFactory, SasPracticeFactory

from .factories import EpisodeFactory
from .status_times import episodes_whose_status_times_are_wrong

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "gateway.sas.migrations.0018_episode_status_times_kept_on_the_row"
)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime(2026, 1, day, hour))


def stored(episode):
    return tuple(Episode.objects.values_list("allocated_at", "closed_at").get(pk=episode.pk))


def history(episode, to_state, moment):
    return StatusHistory(episode=episode, to_state=to_state, transition=to_state, at=moment)


def test_the_services_set_them_once_through_custody_and_a_closing_corrected_later():
    episode = EpisodeFactory(state=State.SCREENING)
    user = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    practice = SasPracticeFactory(commissioner=episode.commissioner)

    def move(day, name, **fields):
        with time_machine.travel(at(day), tick=False):
            services.transition(
                user, episode.commissioner, episode, name, episode.version, reason="Why", **fields
            )

    move(1, "allocate", sas_practice=practice)
    assert stored(episode) == (at(1), None)
    assert (episode.allocated_at, episode.closed_at) == (None, None)  # the caller's copy
    move(2, "enter_custody")
    move(3, "release_from_custody")  # back to allocated: still on the scheme since day 1
    assert stored(episode) == (at(1), None)
    move(4, "uphold_appeal")
    assert stored(episode) == (at(1), at(4))
    move(5, "mark_entered_in_error")  # closed again: it closed on day 4
    assert stored(episode) == (at(1), at(4))


def test_one_row_at_a_time_the_earliest_wins_whatever_order_they_are_written_in():
    episode = EpisodeFactory(state=State.ALLOCATED)
    history(episode, State.REPORTED, at(1)).save()
    assert stored(episode) == (None, None)
    history(episode, State.ALLOCATED, at(10)).save()
    history(episode, State.ALLOCATED, at(12)).save()  # a later one leaves it
    assert stored(episode) == (at(10), None)
    history(episode, State.ALLOCATED, at(5)).save()  # recorded from before Gateway
    history(episode, State.DISCHARGED, at(20)).save()
    history(episode, State.ENTERED_IN_ERROR, at(25)).save()
    assert stored(episode) == (at(5), at(20))


def test_rows_written_in_bulk_set_them_for_every_episode_they_touch():
    one, two, untouched = EpisodeFactory.create_batch(3)
    StatusHistory.objects.bulk_create(
        [
            history(one, State.ALLOCATED, at(3)),
            history(one, State.ALLOCATED, at(2)),
            history(one, State.TRANSFERRED_OUT, at(9)),
            history(two, State.DECLINED, at(4)),
            history(untouched, State.SCREENING, at(4)),
        ]
    )
    assert stored(one) == (at(2), at(9))
    assert stored(two) == (None, at(4))
    assert stored(untouched) == (None, None)


def test_they_are_written_in_the_same_transaction_as_the_history():
    episode = EpisodeFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        history(episode, State.ALLOCATED, at(1)).save()
        raise RuntimeError("the service failed after writing its history")
    assert stored(episode) == (None, None)
    assert not StatusHistory.objects.filter(episode=episode).exists()


def test_the_check_after_every_test_finds_a_stale_time():
    episode = EpisodeFactory()
    history(episode, State.ALLOCATED, at(1)).save()
    Episode.objects.filter(pk=episode.pk).update(allocated_at=at(2))
    assert episodes_whose_status_times_are_wrong() == [(episode.pk, (at(2), None), (at(1), None))]
    Episode.objects.filter(pk=episode.pk).update(allocated_at=at(1))  # leave it right


def test_the_migration_fills_them_from_the_history_as_the_saves_do():
    one, two, three = EpisodeFactory.create_batch(3)
    for row in [
        history(one, State.REPORTED, at(1)),
        history(one, State.ALLOCATED, at(2)),
        history(one, State.ON_HOLD_CUSTODY, at(3)),
        history(one, State.ALLOCATED, at(4)),
        history(two, State.ALLOCATED, at(5)),
        history(two, State.DISCHARGED, at(6)),
        history(two, State.ENTERED_IN_ERROR, at(7)),
        history(three, State.DECLINED, at(8)),
    ]:
        row.save()
    made_by_saves = [stored(e) for e in (one, two, three)]
    assert made_by_saves == [(at(2), None), (at(5), at(6)), (None, at(8))]

    Episode.objects.update(allocated_at=None, closed_at=None)
    migration.set_status_times(apps, None)
    assert [stored(e) for e in (one, two, three)] == made_by_saves
