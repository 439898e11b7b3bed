"""Requests append audit rows without waiting for one another; the sealer chains them
afterwards (ADR 0047, hazard H59)."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gateway.audit import services as audit
from gateway.audit.models import AuditEvent, AuditSeal
from gateway.audit.sealing import seal_pending
from gateway.audit.verification import verify_trail
from tests.factories import PracticeFactory


def event(**fields):
    return AuditEvent.objects.create(occurred_at=timezone.now(), action="view", **fields)


@pytest.mark.django_db
def test_recording_an_event_takes_no_chain_lock():
    """One INSERT of the row: no advisory lock, no read of the chain's head, no seal."""
    with CaptureQueriesContext(connection) as queries:
        audit.record(audit.Action.SEARCH, object_type="tests.OnTheRequestPath")
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 1, statements
    assert statements[0].startswith('INSERT INTO "audit_auditevent"')
    assert AuditSeal.objects.count() == 0


@pytest.mark.django_db
def test_recording_many_rows_is_one_insert_per_batch_and_no_chain_lock():
    objects = [(practice, ["name"], {}) for practice in PracticeFactory.create_batch(5)]
    with CaptureQueriesContext(connection) as queries:
        assert audit.record_many(audit.Action.UPDATE, objects, batch_size=2) == 5
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 3 and all(s.startswith("INSERT") for s in statements)


@pytest.mark.django_db
def test_rows_are_sealed_in_id_order_each_linked_to_the_seal_before():
    rows = [event(object_id=str(n)) for n in range(5)]
    assert seal_pending() == 5
    seals = list(AuditSeal.objects.order_by("position"))
    assert [seal.event_id for seal in seals] == [row.pk for row in rows]
    assert [seal.position for seal in seals] == [1, 2, 3, 4, 5]
    assert [seal.previous_hash for seal in seals[1:]] == [seal.hash for seal in seals[:-1]]
    assert seal_pending() == 0  # sealing twice seals nothing twice


@pytest.mark.django_db
def test_sealing_in_small_batches_seals_every_row():
    for n in range(7):
        event(object_id=str(n))
    assert seal_pending(batch_size=2) == 7
    assert verify_trail(batch_size=3).checked == 7


@pytest.mark.django_db
def test_events_committed_out_of_id_order_are_all_sealed():
    """A row whose transaction commits after a higher id's was sealed is sealed in a later
    batch, after it: the chain runs in seal order, and nothing is left out."""
    later_id = event(id=1000)
    assert seal_pending() == 1
    committed_late = event(id=500)
    assert seal_pending() == 1
    assert list(AuditSeal.objects.values_list("event_id", flat=True)) == [
        later_id.pk,
        committed_late.pk,
    ]
    result = verify_trail()
    assert result.intact and result.checked == 2


@pytest.mark.django_db
def test_an_unsealed_row_within_the_limit_is_not_a_finding(settings):
    settings.AUDIT_UNSEALED_LIMIT_MINUTES = 10
    AuditEvent.objects.create(
        occurred_at=timezone.now() - datetime.timedelta(minutes=9), action="view"
    )
    assert verify_trail().intact


@pytest.mark.django_db(transaction=True)
def test_a_request_holding_its_transaction_open_does_not_block_another():
    """Two requests record in interleaved transactions: the second commits while the first
    is still open (before ADR 0047 it waited for the chain lock until the first committed).
    The first's lower id commits last and is sealed in the next run."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time, so there is no concurrency to test")
    first_recorded, second_committed = threading.Event(), threading.Event()
    sealed_meanwhile = threading.Event()
    errors, ids = [], {}

    def first():
        try:
            with transaction.atomic():
                ids["first"] = audit.record(audit.Action.VIEW, object_id="first").pk
                first_recorded.set()
                if not second_committed.wait(timeout=10):
                    errors.append("the second request waited for the first to commit")
                sealed_meanwhile.wait(timeout=10)
        except Exception as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            first_recorded.set()
            connection.close()

    def second():
        try:
            first_recorded.wait(timeout=10)
            with transaction.atomic():
                ids["second"] = audit.record(audit.Action.VIEW, object_id="second").pk
            second_committed.set()
        except Exception as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout=15)
    # The second has committed while the first is still open: only it can be sealed.
    assert seal_pending() == 1
    sealed_meanwhile.set()
    threads[0].join(timeout=15)
    assert errors == []
    assert ids["first"] < ids["second"]
    assert seal_pending() == 1
    assert list(AuditSeal.objects.values_list("event_id", flat=True)) == [
        ids["second"],
        ids["first"],
    ]
    assert verify_trail().intact
