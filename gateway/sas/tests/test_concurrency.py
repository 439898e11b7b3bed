"""Two people acting on the same episode at the same moment, on a real database connection
each: the second waits for the first, then gets a clear conflict and overwrites nothing."""

import threading
import time

import pytest
from django.db import connection, transaction

from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.errors import ConflictError
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.states import State
from tests.factories import MembershipFactory, SasPracticeFactory

from .factories import EpisodeFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_changes_the_second_is_refused_and_nothing_is_overwritten():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the stale-version test covers it")
    episode = EpisodeFactory(state=State.SCREENING)
    sas_practice = SasPracticeFactory(commissioner=episode.commissioner)
    first = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    second = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    first_has_written, let_first_commit = threading.Event(), threading.Event()
    outcome = {}

    def allocate():
        try:
            with transaction.atomic():
                services.transition(
                    first,
                    episode.commissioner,
                    Episode.objects.get(pk=episode.pk),
                    "allocate",
                    1,
                    sas_practice=sas_practice,
                )
                first_has_written.set()
                let_first_commit.wait(10)
        finally:
            connection.close()

    def decline():
        first_has_written.wait(10)
        try:
            services.transition(
                second,
                episode.commissioner,
                Episode.objects.get(pk=episode.pk),
                "decline",
                1,
                reason="Does not qualify",
            )
            outcome["second"] = "saved"
        except ConflictError as refused:
            outcome["second"] = refused.message
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate), threading.Thread(target=decline)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the second is now waiting on the first's row lock
    let_first_commit.set()
    for thread in threads:
        thread.join(15)

    assert outcome["second"].startswith("Someone else changed this episode")
    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.version) == (State.ALLOCATED, 2)
    assert list(StatusHistory.objects.values_list("transition", flat=True)) == ["allocate"]
