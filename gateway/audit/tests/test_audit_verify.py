"""`manage.py audit_verify` finds the first row that was changed, removed or slipped in, and
rows the sealer left unsealed too long (ADR 0047).

The triggers stop the application changing rows, so these tests play someone with DDL rights
on the database who switches them off, tampers, and switches them back on. Attacks on the
keyed chain and the anchors (ADR 0034) are in test_audit_chain_attacks.py."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.audit.management.commands.audit_verify import Command
from gateway.audit.models import AuditEvent, AuditSeal
from gateway.audit.sealing import seal_pending
from gateway.audit.testing import append_only_triggers_disabled
from gateway.audit.verification import verify_trail
from tests.factories import MembershipFactory, PatientFactory


@pytest.fixture
def trail():
    """Five rows about one patient, written the proper way and sealed."""
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
    seal_pending()
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
def test_editing_a_sealed_event_is_detected(trail):
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
def test_a_row_removed_from_the_middle_is_reported_as_a_seal_whose_row_is_gone(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].pk])
    with pytest.raises(CommandError) as error:
        run_audit_verify()
    assert str(error.value).startswith(
        f"Audit trail broken at row ID {trail[1].pk}: it was sealed (seal 2) but the row is gone"
    )


@pytest.mark.django_db
def test_a_row_removed_with_its_seal_is_reported_at_the_row_after_it(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].pk])
    tamper("DELETE FROM audit_auditseal WHERE event_id = %s", [trail[1].pk])
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {trail[2].pk}:"):
        run_audit_verify()


@pytest.mark.django_db
def test_removing_the_first_row_and_its_seal_is_detected(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[0].pk])
    tamper("DELETE FROM audit_auditseal WHERE event_id = %s", [trail[0].pk])
    assert audit.verify_chain() == trail[1].pk


@pytest.mark.django_db
def test_swapping_which_rows_two_seals_name_is_detected(trail):
    """Reordering the trail: the seals stay, but each now names the other's row."""
    first, second = AuditSeal.objects.filter(event__in=trail[1:3]).order_by("position")
    tamper(
        "UPDATE audit_auditseal SET event_id = CASE position WHEN %s THEN %s ELSE %s END "
        "WHERE position IN (%s, %s)",
        [first.position, -1, -2, first.position, second.position],
    )
    tamper("UPDATE audit_auditseal SET event_id = %s WHERE event_id = -1", [second.event_id])
    tamper("UPDATE audit_auditseal SET event_id = %s WHERE event_id = -2", [first.event_id])
    assert audit.verify_chain() == second.event_id


@pytest.mark.django_db
def test_a_row_slipped_in_with_a_made_up_seal_is_reported(trail):
    # Inserting is allowed (the trail must grow), so no trigger needs switching off.
    forged = AuditEvent.objects.create(occurred_at=trail[-1].occurred_at, action="view")
    head = AuditSeal.objects.order_by("-position").first()
    AuditSeal.objects.create(
        position=head.position + 1,
        event=forged,
        previous_hash=head.hash,
        hash="f" * 64,
        key_id="test",
    )
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {forged.pk}:"):
        run_audit_verify()


@pytest.mark.django_db
def test_unsealed_event_older_than_limit_is_reported(trail, settings):
    settings.AUDIT_UNSEALED_LIMIT_MINUTES = 10
    waiting = AuditEvent.objects.create(
        occurred_at=timezone.now() - datetime.timedelta(minutes=11), action="view"
    )
    with pytest.raises(CommandError) as error:
        run_audit_verify()
    assert str(error.value).startswith(
        "1 audit rows had been waiting more than 10 minutes for their seal when the check "
        f"began (the oldest, row ID {waiting.pk}, written "
    )
    assert "the sealer (`manage.py audit_seal`, run by run_schedule) has stopped" in str(
        error.value
    )
    # The check sealed it, so the next check is clean.
    assert AuditSeal.objects.filter(event=waiting).exists()
    assert run_audit_verify().splitlines()[0] == "Audit trail intact: 6 rows checked"


@pytest.mark.django_db
def test_a_row_waiting_less_than_the_limit_is_sealed_by_the_check_without_a_finding(trail):
    waiting = audit.record(audit.Action.SEARCH, object_type="tests.JustWritten")
    result = verify_trail()
    assert result.intact and result.checked == 6
    assert AuditSeal.objects.filter(event=waiting).exists()


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
