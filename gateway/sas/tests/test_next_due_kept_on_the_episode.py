"""The episode list sorts by each episode's next open deadline, kept on the episode row
(docs/adr/0043-lists-that-stay-fast.md). Every kind of deadline write keeps it equal to the
one worked out from the deadlines, in the same transaction; gateway/sas/tests/conftest.py
checks the same after every SAS test, so every service the tests drive is covered too."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from gateway.sas.models import Deadline, Episode

from .factories import EpisodeFactory, SchemePolicyFactory
from .next_due import episodes_whose_next_due_is_wrong

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 1)


def _deadline(episode, policy, kind, days, **values):
    return Deadline(
        episode=episode,
        kind=kind,
        label=f"{kind} label",
        starts_on=DAY,
        due_on=DAY + datetime.timedelta(days=days),
        rule="rule",
        explanation="why",
        policy=policy,
        **values,
    )


def _stored(episode):
    row = Episode.objects.get(pk=episode.pk)
    return row.next_due_on, row.next_due_label


def test_next_due_on_follows_every_kind_of_deadline_write():
    episode = EpisodeFactory()
    other = EpisodeFactory()
    policy = SchemePolicyFactory(commissioner=episode.commissioner)
    assert _stored(episode) == (None, "")

    _deadline(episode, policy, "review", 30).save()  # created one at a time
    assert _stored(episode) == (DAY + datetime.timedelta(days=30), "review label")

    Deadline.objects.bulk_create(  # created in bulk, for two episodes
        [_deadline(episode, policy, "discharge", 10), _deadline(other, policy, "review", 5)]
    )
    assert _stored(episode) == (DAY + datetime.timedelta(days=10), "discharge label")
    assert _stored(other) == (DAY + datetime.timedelta(days=5), "review label")

    Deadline.objects.filter(episode=episode, kind="discharge").update(met_at=timezone.now())
    assert _stored(episode) == (DAY + datetime.timedelta(days=30), "review label")  # met

    episode.deadlines.filter(kind="review").update(suspended_at=timezone.now())  # custody
    assert _stored(episode) == (None, "")

    episode.deadlines.filter(kind="review").update(
        suspended_at=None, due_on=DAY + datetime.timedelta(days=40)
    )  # release moves it on
    assert _stored(episode) == (DAY + datetime.timedelta(days=40), "review label")

    review = episode.deadlines.get(kind="review")
    review.cancelled_at = timezone.now()
    review.save(update_fields=["cancelled_at", "updated_at"])  # cancelled one at a time
    assert _stored(episode) == (None, "")

    Deadline.objects.filter(episode=other).delete()
    assert _stored(other) == (None, "")
    assert episodes_whose_next_due_is_wrong() == []


def test_next_due_on_is_written_in_the_same_transaction_as_the_deadline():
    episode = EpisodeFactory()
    policy = SchemePolicyFactory(commissioner=episode.commissioner)
    with pytest.raises(RuntimeError), transaction.atomic():
        _deadline(episode, policy, "review", 3).save()
        raise RuntimeError("the service fails after writing the deadline")
    assert _stored(episode) == (None, "")
    assert not Deadline.objects.filter(episode=episode).exists()
