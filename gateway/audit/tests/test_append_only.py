"""Audit rows cannot be changed or removed, whatever path the change takes: the model refuses
saving and deleting an instance and the ORM's bulk update/delete (as for every append-only
history table), and the database itself refuses raw SQL and anything that goes round the
model."""

import threading

import pytest
from django.db import DatabaseError, connection, models, transaction

from gateway.audit import services as audit
from gateway.audit.models import AuditEvent, AuditSeal
from gateway.audit.sealing import seal_pending
from gateway.core.models import ImmutableRow
from tests.factories import MembershipFactory, PatientFactory


@pytest.fixture
def audit_row():
    membership = MembershipFactory()
    patient = PatientFactory(created_by_organisation=membership.organisation)
    return audit.record(
        audit.Action.UPDATE,
        actor=membership.user,
        organisation=membership.organisation,
        obj=patient,
        patient=patient,
        changed_fields=["family_name"],
    )


def refused():
    """The database's refusal happens inside a savepoint so the test can go on to check the
    row."""
    return pytest.raises(DatabaseError, match="append-only")


def model_refuses():
    """Like every history table, the model refuses before the database is asked."""
    return pytest.raises(ImmutableRow, match="append-only")


def unchanged(row):
    fresh = AuditEvent.objects.get(pk=row.pk)
    return (fresh.actor_name, fresh.changed_fields, fresh.action) == (
        row.actor_name,
        row.changed_fields,
        row.action,
    )


@pytest.mark.django_db
def test_raw_sql_update_of_an_audit_row_is_refused(audit_row):
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s",
            ["Someone else", audit_row.pk],
        )
    assert unchanged(audit_row)


@pytest.mark.django_db
def test_raw_sql_delete_of_an_audit_row_is_refused(audit_row):
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [audit_row.pk])
    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


@pytest.mark.django_db
def test_orm_bulk_update_of_audit_rows_is_refused(audit_row):
    with model_refuses():
        AuditEvent.objects.filter(pk=audit_row.pk).update(changed_fields=[])
    assert unchanged(audit_row)


@pytest.mark.django_db
def test_orm_bulk_delete_of_audit_rows_is_refused(audit_row):
    with model_refuses():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


@pytest.mark.django_db
def test_saving_a_changed_audit_row_is_refused(audit_row):
    audit_row.actor_name = "Someone else"
    with model_refuses():
        audit_row.save()
    assert AuditEvent.objects.get(pk=audit_row.pk).actor_name != "Someone else"


@pytest.mark.django_db
def test_deleting_an_audit_row_instance_is_refused(audit_row):
    with model_refuses():
        audit_row.delete()
    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


@pytest.mark.django_db
def test_orm_bulk_update_round_the_models_refusal_is_refused_by_the_database(audit_row):
    with refused(), transaction.atomic():
        models.QuerySet.update(AuditEvent.objects.filter(pk=audit_row.pk), changed_fields=[])
    assert unchanged(audit_row)


@pytest.mark.django_db
def test_saving_a_changed_audit_row_round_the_models_refusal_is_refused_by_the_database(
    audit_row,
):
    audit_row.actor_name = "Someone else"
    with refused(), transaction.atomic():
        models.Model.save(audit_row)
    assert AuditEvent.objects.get(pk=audit_row.pk).actor_name != "Someone else"


@pytest.mark.django_db
def test_emptying_the_audit_table_with_truncate_is_refused_on_postgresql(audit_row):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE FROM is covered by the delete tests")
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


@pytest.mark.django_db
def test_raw_sql_update_of_a_seal_is_refused(audit_row):
    seal_pending()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditseal SET hash = %s", ["f" * 64])
    assert AuditSeal.objects.get(event=audit_row).hash != "f" * 64


@pytest.mark.django_db
def test_raw_sql_delete_of_a_seal_is_refused(audit_row):
    seal_pending()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditseal")
    assert AuditSeal.objects.filter(event=audit_row).exists()


@pytest.mark.django_db
def test_orm_bulk_delete_of_seals_is_refused(audit_row):
    seal_pending()
    with model_refuses():
        AuditSeal.objects.all().delete()
    assert AuditSeal.objects.filter(event=audit_row).exists()


@pytest.mark.django_db
def test_emptying_the_seal_table_with_truncate_is_refused_on_postgresql(audit_row):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE FROM is covered by the delete tests")
    seal_pending()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditseal")
    assert AuditSeal.objects.filter(event=audit_row).exists()


@pytest.mark.django_db(transaction=True)
def test_hash_chain_stays_whole_when_many_people_write_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time, so there is no concurrency to test")
    membership = MembershipFactory()
    writers, rows_each = 6, 15
    start = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            start.wait()
            for i in range(rows_each):
                with transaction.atomic():
                    audit.record(
                        audit.Action.UPDATE,
                        actor=membership.user,
                        organisation=membership.organisation,
                        object_type="tests.Concurrent",
                        object_id=f"{n}-{i}",
                    )
        except Exception as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == writers * rows_each
    assert seal_pending() == writers * rows_each
    # No fork: every seal links to a different predecessor, and the whole chain verifies.
    previous = list(AuditSeal.objects.values_list("previous_hash", flat=True))
    assert len(set(previous)) == len(previous)
    assert audit.verify_chain() is None
