"""Importing NHS practice data into the database: a real-format epraccur file made here,
imported twice (the second changes nothing), a practice that closes with a person on the
scheme (an alert for the commissioner), bad rows (reported with line numbers, nothing
written), and the command's preview (docs/adr/0030-practice-data-import.md)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from gateway.accounts.models import Organisation, PracticeClosure
from gateway.audit import services as audit
from gateway.audit.models import AuditEvent
from gateway.imports.practices import services
from gateway.sas.tests.factories import OnScheme
from tests.factories import CommissionerFactory, PracticeFactory

from . import epraccur

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything an import could write: every organisation, every audit row, every alert."""
    return (
        list(Organisation.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        list(PracticeClosure.objects.order_by("pk").values()),
    )


def import_file(content, name="epraccur.csv", area=None):
    rows = services.read_rows(name, content)
    plan = services.make_plan(rows, area=area)
    done = services.apply_plan(plan, actor=None, organisation=None, detail={"via": "test"})
    return plan, done


@pytest.fixture
def area():
    return CommissionerFactory(ods_code="QNX", name="NHS Sussex ICB")


def sussex_file(*extra):
    return epraccur.file(
        epraccur.row("G81001", "BRIGHTON HEALTH CENTRE", icb="QNX", commissioner="09D"),
        epraccur.row("G81002", "HOVE MEDICAL CENTRE", postcode="BN3 1AA", icb="QNX"),
        epraccur.row("Y01234", "BRIGHTON WALK IN CENTRE", icb="QNX", setting="1"),
        *extra,
    )


def test_importing_the_same_file_twice_changes_nothing_the_second_time(area):
    first, done = import_file(sussex_file())

    assert done == {"added": 2, "changed": 0, "closed": 0, "alerts": 0}
    brighton = Organisation.objects.get(ods_code="G81001")
    assert brighton.kind == Organisation.Kind.GP_PRACTICE
    assert brighton.name == "BRIGHTON HEALTH CENTRE"
    assert brighton.address == "HEALTH CENTRE\n1 HIGH STREET\nBRIGHTON\nEAST SUSSEX"
    assert brighton.postcode == "BN1 1AA"
    assert brighton.phone == "01273 000000"
    assert brighton.commissioner == area
    assert brighton.is_active is True
    assert brighton.closed_on is None
    assert first.not_practices == 1  # the walk-in centre
    created = AuditEvent.objects.filter(object_type="accounts.Organisation")
    assert created.filter(action=AuditEvent.Action.CREATE).count() == 2
    assert audit.verify_chain() is None
    before = snapshot()

    second, done = import_file(sussex_file())

    assert not second.has_changes
    assert second.unchanged == 2
    assert done == {"added": 0, "changed": 0, "closed": 0, "alerts": 0}
    assert snapshot() == before


def test_a_changed_practice_is_updated_field_by_field_and_audited(area):
    import_file(sussex_file())
    plan, done = import_file(
        epraccur.file(
            epraccur.row("G81001", "BRIGHTON HEALTH CENTRE", icb="QNX", phone="01273 999999")
        )
    )
    assert done["changed"] == 1
    assert plan.changed[0].values == {"phone": "01273 999999"}
    assert Organisation.objects.get(ods_code="G81001").phone == "01273 999999"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).get()
    assert event.changed_fields == ["phone"]


def test_a_closed_practice_with_a_person_on_the_scheme_raises_an_alert_for_the_commissioner():
    on_scheme = OnScheme()
    practice = on_scheme.sas_practice
    quiet = PracticeFactory(commissioner=on_scheme.commissioner, ods_code="G82002")
    code = on_scheme.commissioner.ods_code
    row = {"icb": code, "postcode": practice.postcode, "phone": "", "address": [""] * 5}
    content = epraccur.file(
        epraccur.row(practice.ods_code, practice.name, status="C", closed="20260301", **row),
        epraccur.row(quiet.ods_code, quiet.name, status="C", closed="20260301", **row),
    )

    plan, done = import_file(content)

    assert done == {"added": 0, "changed": 0, "closed": 2, "alerts": 1}
    practice.refresh_from_db()
    # Marked closed, never deleted.
    assert practice.is_active is False
    assert practice.closed_on == datetime.date(2026, 3, 1)
    alert = PracticeClosure.objects.get()
    assert alert.practice == practice
    assert alert.commissioner == on_scheme.commissioner
    assert (alert.people_on_scheme, alert.open_referrals) == (1, 0)
    assert alert.closed_on == datetime.date(2026, 3, 1)
    closes = AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE)
    assert closes.count() == 2
    assert sorted(closes.get(object_id=str(practice.public_id)).changed_fields) == [
        "closed_on",
        "is_active",
    ]
    # The same file again raises no second alert and writes nothing.
    before = snapshot()
    import_file(content)
    assert snapshot() == before


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_written(area):
    content = epraccur.file(
        epraccur.row("G81001", icb="QNX"),
        epraccur.row("G81002", icb="QNX", opened="2001-04-01"),
        epraccur.row("G81003", icb="QNX", status="Z"),
        epraccur.row("G81004", icb="QNX")[:26],
        epraccur.row("GG1005", icb="QNX"),
        epraccur.row("G81006", icb="QNX", postcode="BN99"),
    )
    before = snapshot()

    rows = services.read_rows("epraccur.csv", content)
    plan = services.make_plan(rows)

    assert [(p.line, p.reason) for p in plan.problems] == [
        (2, "The open date '2001-04-01' is not a date written as CCYYMMDD, like 20240131"),
        (
            3,
            "The status code 'Z' is not one of A (active), C (closed), D (dormant) or P (proposed)",
        ),
        (
            4,
            "The row has 26 columns: NHS practice data has 27 (check it is the epraccur file, "
            "saved as CSV)",
        ),
        (
            5,
            "The organisation code 'GG1005' is not a practice code: 1 letter and 5 numbers, "
            "like A81001",
        ),
        (6, "The postcode 'BN99' is not a real postcode"),
    ]
    assert [a.ods_code for a in plan.added] == ["G81001"]
    # Reading and planning write nothing.
    assert snapshot() == before


def test_record_many_chains_each_row_as_record_does(area):
    audit.record(audit.Action.UPDATE, obj=area)
    written = audit.record_many(audit.Action.UPDATE, [(area, ["name"], {"n": n}) for n in range(5)])
    audit.record(audit.Action.UPDATE, obj=area)
    assert written == 5
    assert AuditEvent.objects.count() == 7
    assert audit.verify_chain() is None


def run_command(*args, **options):
    out = io.StringIO()
    call_command("import_practices", *args, stdout=out, **options)
    return out.getvalue()


def test_the_command_previews_and_writes_nothing_without_apply(area, tmp_path):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(sussex_file(epraccur.row("G81009", icb="QNX", status="Q")))
    before = snapshot()

    out = run_command(str(path), interactive=False)

    assert "Added: 2  Changed: 0  Closed: 0  Unchanged: 0  Cannot be read: 1" in out
    assert "line 1: G81001 BRIGHTON HEALTH CENTRE" in out
    assert "line 4: The status code 'Q' is not one of" in out
    assert "Nothing was changed. Run again with --apply to apply it." in out
    assert snapshot() == before

    out = run_command(str(path), apply=True)
    assert "Done: 2 added, 0 changed, 0 closed, 0 alerts for commissioners." in out
    assert Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE).count() == 2
    assert AuditEvent.objects.filter(actor__isnull=True, detail__via__isnull=False).count() == 2

    after = snapshot()
    assert "No changes: the practices already match the file." in run_command(str(path), apply=True)
    assert snapshot() == after


def test_the_command_asks_before_applying(area, tmp_path, monkeypatch):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(sussex_file())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert "Nothing was changed" in run_command(str(path))
    assert not Organisation.objects.filter(ods_code="G81001").exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert "Done: 2 added" in run_command(str(path))


def test_the_command_fails_on_a_file_that_cannot_be_read(tmp_path):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        run_command(str(path), interactive=False)
    with pytest.raises(CommandError, match="cannot be opened"):
        run_command(str(tmp_path / "missing.csv"), interactive=False)


def test_the_command_can_import_one_commissioner_s_practices(area, tmp_path):
    other = CommissionerFactory(ods_code="QHM")
    path = tmp_path / "epraccur.csv"
    path.write_bytes(sussex_file(epraccur.row("A81001", icb="QHM")))
    out = run_command(str(path), apply=True, commissioner="QNX")
    assert "1 in another area" in out
    assert not Organisation.objects.filter(commissioner=other).exists()
    assert Organisation.objects.filter(commissioner=area).count() == 2
