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

LOCK_WAIT_TIMEOUT = 10  # seconds


def backend_pid():
    """This thread's PostgreSQL backend, to look it up in pg_locks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_until_waiting_for_a_lock(pid, thread):
    """Return once the backend pid waits for a lock another transaction holds (a row of
    pg_locks not granted); fail plainly if it never does or its thread ends first."""
    deadline = time.monotonic() + LOCK_WAIT_TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [pid])
            if cursor.fetchone()[0]:
                return
            if not thread.is_alive():
                pytest.fail("The second change finished without waiting for the first's lock")
            time.sleep(0.01)
    pytest.fail(
        f"The second change was not waiting for the first's lock after {LOCK_WAIT_TIMEOUT} s"
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_changes_the_second_is_refused_and_nothing_is_overwritten():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the stale-version test covers it")
    episode = EpisodeFactory(state=State.SCREENING)
    sas_practice = SasPracticeFactory(commissioner=episode.commissioner)
    first = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    second = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    first_has_written, let_first_commit = threading.Event(), threading.Event()
    second_connected = threading.Event()
    outcome, second_pid = {}, []

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
                let_first_commit.wait(LOCK_WAIT_TIMEOUT + 5)
        finally:
            connection.close()

    def decline():
        try:
            second_pid.append(backend_pid())
            second_connected.set()
            first_has_written.wait(LOCK_WAIT_TIMEOUT)
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
    try:
        assert second_connected.wait(LOCK_WAIT_TIMEOUT), "The second change never connected"
        wait_until_waiting_for_a_lock(second_pid[0], threads[1])
    finally:
        let_first_commit.set()
        for thread in threads:
            thread.join(LOCK_WAIT_TIMEOUT + 5)

    assert outcome["second"].startswith("Someone else changed this episode")
    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.version) == (State.ALLOCATED, 2)
    assert list(StatusHistory.objects.values_list("transition", flat=True)) == ["allocate"]
