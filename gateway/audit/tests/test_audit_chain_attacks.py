"""The audit trail cannot be rewritten without `audit_verify` saying so (ADR 0034).

Each test plays an attacker who can write to the database (switching the append-only
triggers off, as the owner of the table could) but holds neither audit key, which live in
the servers' environment, not the database. They remove one person's rows and recompute the
chain as the old trail allowed (plain SHA-256), drop the newest rows, or forge an anchor."""

import hashlib
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gateway.audit import chain
from gateway.audit import services as audit
from gateway.audit.anchors import FileAnchorStore, MemoryAnchorStore, read_anchors, write_anchor
from gateway.audit.models import AuditEvent, AuditSeal
from gateway.audit.sealing import seal_pending
from gateway.audit.testing import append_only_triggers_disabled
from gateway.audit.verification import verify_trail
from gateway.core.management.commands.run_schedule import run_due
from tests.factories import MembershipFactory, PatientFactory


@pytest.fixture
def trail():
    """Views and changes of two people, interleaved, written the proper way and sealed."""
    membership = MembershipFactory()
    watched, other = (
        PatientFactory(created_by_organisation=membership.organisation) for _ in range(2)
    )
    rows = []
    for patient in [watched, other, watched, other, watched, other]:
        rows.append(
            audit.record(
                audit.Action.VIEW,
                actor=membership.user,
                organisation=membership.organisation,
                obj=patient,
                patient=patient,
            )
        )
    seal_pending()
    return {"rows": rows, "watched": watched, "other": other}


def seal_of(row):
    return AuditSeal.objects.get(event_id=row.pk)


def audit_verify():
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def rewrite(rows, make_hash, key_id=None):
    """Re-link the seals of ``rows`` one after another with ``make_hash(row, previous_hash)``
    as an attacker would, writing the new hashes (and key id) into the database."""
    first = seal_of(rows[0])
    previous = (
        AuditSeal.objects.filter(position__lt=first.position)
        .order_by("-position")
        .values_list("hash", flat=True)
        .first()
    ) or chain.GENESIS_HASH
    with append_only_triggers_disabled(connection), connection.cursor() as cursor:
        for row in rows:
            seal = seal_of(row)
            digest = make_hash(row, previous)
            cursor.execute(
                "UPDATE audit_auditseal SET previous_hash = %s, hash = %s, key_id = %s "
                "WHERE position = %s",
                [previous, digest, seal.key_id if key_id is None else key_id, seal.position],
            )
            previous = digest


def remove_rows_about(patient):
    """Remove the person's rows and their seals, and close the gaps the seals leave."""
    with append_only_triggers_disabled(connection), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditseal WHERE event_id IN "
            "(SELECT id FROM audit_auditevent WHERE patient_id = %s)",
            [patient.pk],
        )
        cursor.execute("DELETE FROM audit_auditevent WHERE patient_id = %s", [patient.pk])
        for number, seal in enumerate(AuditSeal.objects.order_by("position"), start=1):
            cursor.execute(
                "UPDATE audit_auditseal SET position = %s WHERE position = %s",
                [number, seal.position],
            )
    return list(AuditEvent.objects.order_by("id"))


def remove_newest(rows):
    with append_only_triggers_disabled(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditseal WHERE event_id >= %s", [rows[0].pk])
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [rows[0].pk])


def plain_sha(row, previous):
    return hashlib.sha256((previous + chain.canonical(row)).encode()).hexdigest()


@pytest.mark.django_db
def test_intact_keyed_chain_and_anchors_verify(trail):
    write_anchor()
    output = audit_verify()
    assert output.splitlines() == [
        "Audit trail intact: 6 rows checked",
        f"Anchors that match: 1. The newest, of {read_anchors().anchors[0]['at']}, covers rows "
        f"up to ID {trail['rows'][-1].pk}; rows written since: 0.",
    ]


@pytest.mark.django_db
def test_rows_are_sealed_with_hmac_under_the_named_key_not_plain_sha(trail):
    row = trail["rows"][1]
    seal = seal_of(row)
    assert seal.key_id == "test"
    assert seal.previous_hash == seal_of(trail["rows"][0]).hash
    assert seal.hash != plain_sha(row, seal.previous_hash)
    assert seal.hash == chain.keyed_hash(
        row, seal.previous_hash, "test", "test-only-audit-chain-key-not-secret"
    )


@pytest.mark.django_db
def test_deleting_one_persons_rows_and_recomputing_a_plain_sha_chain_is_reported(trail):
    remaining = remove_rows_about(trail["watched"])
    assert [row.patient_id for row in remaining] == [trail["other"].pk] * 3
    rewrite(remaining, plain_sha)
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {remaining[0].pk}:"):
        audit_verify()


@pytest.mark.django_db
def test_deleting_rows_and_recomputing_a_keyless_chain_is_reported_as_not_written_with_the_key(
    trail,
):
    """The attacker also clears the key id, so the rows look like the unkeyed rows of old."""
    remaining = remove_rows_about(trail["watched"])
    rewrite(remaining, plain_sha, key_id="")
    with pytest.raises(CommandError) as error:
        audit_verify()
    assert str(error.value).startswith(
        f"Audit trail broken at row ID {remaining[0].pk}: its seal carries no audit key ID, "
        "so Gateway did not write it with the audit key"
    )


@pytest.mark.django_db
def test_deleting_rows_and_recomputing_with_a_guessed_key_is_reported(trail):
    remaining = remove_rows_about(trail["watched"])
    rewrite(remaining, lambda row, previous: chain.keyed_hash(row, previous, "test", "guess"))
    assert verify_trail().broken_id == remaining[0].pk


@pytest.mark.django_db
def test_a_row_changed_in_place_is_reported_even_with_its_hash_recomputed_without_the_key(trail):
    changed = trail["rows"][2]
    changed.actor_name = "Someone innocent"
    rewrite(trail["rows"][2:], plain_sha)
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {changed.pk}:"):
        audit_verify()


@pytest.mark.django_db
def test_deleting_the_newest_rows_is_reported_by_the_anchor(trail):
    """The rows left still link up: only the anchor outside the database shows the loss."""
    write_anchor()
    anchored = trail["rows"][-1]
    remove_newest(trail["rows"][-2:])
    assert verify_trail().broken_id is None  # the keyed chain alone cannot see it
    with pytest.raises(CommandError) as error:
        audit_verify()
    assert str(error.value).startswith("Audit trail does not match the anchor of ")
    assert f"(row ID {anchored.pk}, 6 rows): that row is missing." in str(error.value)


@pytest.mark.django_db
def test_deleting_the_newest_rows_is_reported_even_after_new_rows_are_written(trail):
    write_anchor()
    remove_newest(trail["rows"][-2:])
    audit.record(audit.Action.SEARCH, object_type="tests.Later")
    problems = verify_trail().problems
    assert len(problems) == 1
    assert f"(row ID {trail['rows'][-1].pk}, 6 rows): that row is missing." in problems[0]


@pytest.mark.django_db
def test_rows_after_the_last_anchor_are_counted_as_not_yet_anchored(trail):
    write_anchor()
    audit.record(audit.Action.SEARCH, object_type="tests.Later")
    result = verify_trail()
    assert result.intact
    assert (result.anchors_matched, result.rows_since_last_anchor) == (1, 1)


@pytest.mark.django_db
def test_rewriting_before_an_anchor_is_reported_even_by_someone_holding_the_chain_key(trail):
    """The anchor key is separate: a leaked chain key is not enough to rewrite history."""
    write_anchor()
    remaining = remove_rows_about(trail["watched"])
    rewrite(
        remaining,
        lambda row, previous: chain.keyed_hash(
            row, previous, "test", "test-only-audit-chain-key-not-secret"
        ),
    )
    problems = verify_trail().problems
    assert problems and all("anchor" in problem for problem in problems)
    assert "that row's hash is not the one anchored" in problems[0]


@pytest.mark.django_db
def test_verifying_with_the_wrong_chain_key_is_reported(trail, settings):
    settings.AUDIT_CHAIN_KEYS = {"test": "not-the-key-the-rows-were-written-with"}
    first = trail["rows"][0]
    with pytest.raises(CommandError, match=rf"^Audit trail broken at row ID {first.pk}:"):
        audit_verify()


@pytest.mark.django_db
def test_a_row_naming_a_key_this_server_does_not_hold_is_reported(trail, settings):
    settings.AUDIT_CHAIN_KEYS = {"other": "x" * 40}
    problems = verify_trail().problems
    assert problems[0].startswith(
        f"Audit trail broken at row ID {trail['rows'][0].pk}: its seal names audit key 'test', "
        "which this server does not hold."
    )


@pytest.mark.django_db
def test_after_rotating_the_chain_key_rows_under_the_retired_key_still_verify(trail, settings):
    settings.AUDIT_CHAIN_KEY_ID = "2027"
    settings.AUDIT_CHAIN_KEYS = {
        "test": "test-only-audit-chain-key-not-secret",  # retired, kept to verify
        "2027": "the-new-audit-chain-key-for-2027-rows",
    }
    newer = audit.record(audit.Action.SEARCH, object_type="tests.AfterRotation")
    seal_pending()
    assert seal_of(newer).key_id == "2027"
    assert seal_of(newer).previous_hash == seal_of(trail["rows"][-1]).hash
    assert verify_trail().intact
    del settings.AUDIT_CHAIN_KEYS["test"]
    assert verify_trail().broken_id == trail["rows"][0].pk


@pytest.mark.django_db
def test_legacy_unkeyed_rows_are_accepted_only_up_to_the_configured_id(trail, settings):
    """Rows from before the chain was keyed (plain SHA-256, no key id) verify up to
    AUDIT_CHAIN_LEGACY_UNTIL_ID, a number kept outside the database; the keyed rows after
    them link on."""
    legacy = trail["rows"][:3]
    rewrite(legacy, plain_sha, key_id="")
    rewrite(
        trail["rows"][3:],
        lambda row, previous: chain.keyed_hash(
            row, previous, "test", "test-only-audit-chain-key-not-secret"
        ),
    )
    settings.AUDIT_CHAIN_LEGACY_UNTIL_ID = legacy[-1].pk
    assert verify_trail().intact
    settings.AUDIT_CHAIN_LEGACY_UNTIL_ID = legacy[-2].pk
    assert verify_trail().broken_id == legacy[-1].pk


@pytest.mark.django_db
def test_a_forged_or_altered_anchor_is_reported(trail):
    write_anchor()
    genuine = json.loads(MemoryAnchorStore.lines[0])
    MemoryAnchorStore.lines.append(json.dumps({**genuine, "count": 2}))
    with pytest.raises(CommandError) as error:
        audit_verify()
    assert str(error.value) == (
        "Audit anchor 2 in the anchor store is not signed with a known anchor key: it was "
        "altered or forged, or its key is missing from AUDIT_ANCHOR_KEYS."
    )


@pytest.mark.django_db
def test_audit_anchor_appends_a_signed_checkpoint_to_the_file_store(trail, settings, tmp_path):
    path = tmp_path / "anchors" / "audit-anchors.jsonl"
    settings.AUDIT_ANCHOR_STORE = {
        "BACKEND": "gateway.audit.anchors.FileAnchorStore",
        "OPTIONS": {"path": str(path)},
    }
    out = io.StringIO()
    call_command("audit_anchor", stdout=out)
    head = trail["rows"][-1]
    assert out.getvalue() == f"Anchored the audit trail at row ID {head.pk} (6 rows).\n"
    audit.record(audit.Action.SEARCH, object_type="tests.Later")
    call_command("audit_anchor", stdout=io.StringIO())

    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert (first["last_id"], first["hash"], first["count"], first["key_id"]) == (
        head.pk,
        seal_of(head).hash,
        6,
        "test",
    )
    assert len(first["signature"]) == 64 and first["at"]
    assert second["count"] == 7
    assert len(read_anchors(FileAnchorStore(path)).anchors) == 2
    assert audit_verify().splitlines()[0] == "Audit trail intact: 7 rows checked"


@pytest.mark.django_db
def test_anchoring_an_empty_trail_writes_nothing():
    out = io.StringIO()
    call_command("audit_anchor", stdout=out)
    assert out.getvalue() == "The audit trail is empty: nothing to anchor yet.\n"
    assert MemoryAnchorStore.lines == []


@pytest.mark.django_db
def test_an_anchor_names_the_sealed_head_after_sealing_what_was_waiting(trail):
    waiting = audit.record(audit.Action.SEARCH, object_type="tests.Waiting")
    anchor = write_anchor()
    assert (anchor["last_id"], anchor["count"], anchor["hash"]) == (
        waiting.pk,
        7,
        seal_of(waiting).hash,
    )


@pytest.mark.django_db
def test_the_job_timer_seals_new_rows_every_30_seconds(trail, settings):
    assert ("audit_seal", 30) in settings.SCHEDULED_JOBS
    waiting = audit.record(audit.Action.SEARCH, object_type="tests.Waiting")
    start = timezone.now()
    assert run_due([("audit_seal", 30)], now=start) == ["audit_seal"]
    assert seal_of(waiting).position == 7
    later = audit.record(audit.Action.SEARCH, object_type="tests.Waiting")
    assert run_due([("audit_seal", 30)], now=start + timedelta(seconds=20)) == []
    assert run_due([("audit_seal", 30)], now=start + timedelta(seconds=30)) == ["audit_seal"]
    assert seal_of(later).position == 8


@pytest.mark.django_db
def test_the_job_timer_writes_anchors_at_intervals(trail, settings):
    assert ("audit_anchor", 600) in settings.SCHEDULED_JOBS
    start = timezone.now()
    assert run_due([("audit_anchor", 600)], now=start) == ["audit_anchor"]
    assert run_due([("audit_anchor", 600)], now=start + timedelta(seconds=300)) == []
    assert run_due([("audit_anchor", 600)], now=start + timedelta(seconds=600)) == ["audit_anchor"]
    assert len(read_anchors().anchors) == 2


@pytest.mark.django_db
def test_the_job_timer_checks_the_trail_daily_and_logs_a_broken_one_as_an_error(
    trail, settings, caplog
):
    assert ("audit_verify", 24 * 60 * 60) in settings.SCHEDULED_JOBS
    start = timezone.now()
    assert run_due([("audit_verify", 60)], now=start) == ["audit_verify"]
    remaining = remove_rows_about(trail["watched"])
    rewrite(remaining, plain_sha)
    with caplog.at_level("ERROR"):
        assert run_due([("audit_verify", 60)], now=start + timedelta(seconds=60)) == []
    failure = next(r for r in caplog.records if r.getMessage() == "scheduled job failed")
    assert failure.job == "audit_verify"
    assert f"Audit trail broken at row ID {remaining[0].pk}" in failure.exc_text
