"""`manage.py audit_verify` finds the first row that was changed, removed or slipped in.

The triggers stop the application changing rows, so these tests play someone with DDL rights
on the database who switches them off, tampers, and switches them back on. Attacks on the
keyed chain and the anchors (ADR 0034) are in test_audit_chain_attacks.py."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gateway.audit import services as audit
from gateway.audit.management.commands.audit_verify import Command
from gateway.audit.models import AuditEvent
from gateway.audit.testing import append_only_triggers_disabled
from tests.factories import MembershipFactory, PatientFactory


@pytest.fixture
def trail():
    """Five rows about one patient, written the proper way."""
    membership = MembershipFactory()
    patient = PatientFactory(created_by_organisation=membership.organisation)
    rows = []
    for action in ["create", "view", "update", "view", "view"]:
        rows.append(
            audit.record(
                action,
                actor=membership.user,
                organisation=membership.organisation,
                obj=patient,
                patient=patient,
                changed_fields=["family_name"] if action == "update" else [],
            )
        )
    return rows


def run_audit_verify():
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def tamper(sql, params):
    with append_only_triggers_disabled(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_intact_trail_reports_how_many_rows_were_checked(trail):
    assert run_audit_verify().splitlines()[0] == "Audit trail intact: 5 rows checked"


@pytest.mark.django_db
def test_empty_trail_is_intact():
    assert run_audit_verify().splitlines()[0] == "Audit trail intact: 0 rows checked"


@pytest.mark.django_db
def test_small_batches_check_every_row(trail):
    out = io.StringIO()
    call_command("audit_verify", "--batch-size", "2", stdout=out)
    assert out.getvalue().splitlines()[0] == "Audit trail intact: 5 rows checked"


@pytest.mark.django_db
def test_a_row_changed_in_place_is_reported_at_that_row(trail):
    tampered = trail[2]
    tamper(
        "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s",
        ["Someone innocent", tampered.pk],
    )
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {tampered.pk}:"):
        run_audit_verify()


@pytest.mark.django_db
def test_changing_which_fields_were_changed_is_detected(trail):
    tamper(
        "UPDATE audit_auditevent SET changed_fields = %s WHERE id = %s",
        ['["nhs_number"]', trail[2].pk],
    )
    assert audit.verify_chain() == trail[2].pk


@pytest.mark.django_db
def test_a_row_removed_from_the_middle_is_reported_at_the_row_after_it(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].pk])
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {trail[2].pk}:"):
        run_audit_verify()


@pytest.mark.django_db
def test_removing_the_first_row_is_detected(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[0].pk])
    assert audit.verify_chain() == trail[1].pk


@pytest.mark.django_db
def test_a_row_slipped_in_with_a_made_up_hash_is_reported(trail):
    # Inserting is allowed (the trail must grow), so no trigger needs switching off.
    forged = AuditEvent.objects.create(
        occurred_at=trail[-1].occurred_at,
        action="view",
        previous_hash=trail[-1].hash,
        hash="f" * 64,
    )
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {forged.pk}:"):
        run_audit_verify()


@pytest.mark.django_db
def test_broken_trail_makes_the_command_exit_with_an_error_code(trail, capsys):
    tamper("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["view", trail[0].pk])
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "audit_verify"])
    assert exit_info.value.code != 0
    assert f"Audit trail broken at row ID {trail[0].pk}" in capsys.readouterr().err


@pytest.mark.django_db
def test_triggers_are_back_after_a_simulated_tamper(trail):
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["x", trail[0].pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].pk])
