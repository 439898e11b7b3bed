"""The commissioner's registration evidence kept by the daily job (ADR 0064, update of session
13): kept tables equal the live ones; the page and its CSV files read the row kept today by
this code and say when it was worked out; a row kept yesterday or by other code is ignored and
the page counts live and says so; the job keeps one row a commissioner and replaces it the
next day; the kept page reads no referral, whatever their number; a commissioner is only ever
shown their own evidence."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.core.fingerprint import code_version
from gateway.core.formats import long_date, time_of_day
from gateway.registration import evidence, services
from gateway.registration.models import KeptEvidence, RefusalReason, RegistrationReferral
from tests.factories import CommissionerFactory, PracticeFactory

from .helpers import World, prison_data, referral_copies, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status
OTHER_CODE = "0123456789abcdef"
KEPT = 'id="worked-out">These figures were worked out at '
LIVE = "These figures are counted now, so they include everything recorded up to now."
REFERRALS_TABLE = RegistrationReferral._meta.db_table


def _registered(world, template, waits, practice=None):
    """Referrals registered after waiting each of waits days, made a month or so ago."""
    today = timezone.localdate()
    rows = []
    for i, waited in enumerate(waits):
        referred = today - datetime.timedelta(days=30 + i)
        rows.append(
            {
                "status": Status.REGISTERED,
                "practice_id": (practice or world.practice).pk,
                "referred_on": referred,
                "registered_on": referred + datetime.timedelta(days=waited),
                "releasing_establishment": ["HMP Lewes", "", "HMP Ford"][i % 3],
                "release_date": [None, referred + datetime.timedelta(days=5)][i % 2],
            }
        )
    referral_copies(template, rows)


@pytest.fixture
def world():
    """Referrals of every kind the four tables count: registered at two practices (an even
    number at one, so its median is the mean of two), refused, waiting, prison leavers."""
    world = World()
    today = timezone.localdate()
    template = sent_referral(world, data=prison_data(today + datetime.timedelta(days=20)))
    _registered(world, template, [0, 3, 4, 8])
    _registered(world, template, [2, 5, 40], practice=world.other_practice)
    reason = RefusalReason.objects.order_by("pk").first()
    referral_copies(
        template,
        [
            {"status": Status.REFUSED, "refusal_reason_id": reason.pk, "referred_on": today},
            {"status": Status.REFUSED, "refusal_reason_id": reason.pk, "referred_on": today},
        ],
    )
    sent_referral(world)
    return world


def _page(client, world):
    sign_in(client, world.commissioner_user, world.commissioner)
    return client.get(reverse("registration:evidence")).content.decode()


def _csv(client, kind):
    return client.get(reverse("registration:evidence-csv", kwargs={"kind": kind})).content


def _time_to_registration_row(name, registered):
    """The start of the page's row for a practice in "Time from referral to registration"."""
    cell = '<span class="nhsuk-table-responsive__heading" aria-hidden="true">{} </span>{}</td>'
    return (
        cell.format("Practice", name)
        + '<td class="nhsuk-table__cell">'
        + cell.format("Registered", registered)
    )


def test_kept_evidence_equals_the_live_tables_for_the_same_data(world):
    call_command("registration_daily")
    kept = evidence.kept(world.commissioner)
    live = evidence.all_tables(world.commissioner)
    assert kept is not None and kept.worked_out_at is not None
    assert kept.tables == live
    # Numbers read back as the same types (a median of 3.5 or 6.0 stays a float, a count an
    # int), so the page and the CSV print them exactly as when counted live.
    assert repr(kept.tables) == repr(live)
    assert [t.slug for t in kept.tables] == list(evidence.TABLES)
    assert all(table.rows for table in live)  # every table has something to compare


def test_the_page_and_csv_show_the_evidence_kept_today_and_say_when_it_was_worked_out(
    world, client
):
    """The rule: kept today by this code, the page and the CSV show the kept figures, even
    after the data changes, and the page says when they were worked out."""
    call_command("registration_daily")
    row = KeptEvidence.objects.get(commissioner=world.commissioner)
    kept_csv = {kind: evidence.kept(world.commissioner).table(kind) for kind in evidence.TABLES}
    # Recorded after the job: three more registrations at Albion Surgery.
    _registered(world, RegistrationReferral.objects.order_by("pk").first(), [1, 1, 1])
    assert evidence.all_tables(world.commissioner)[0].rows[0][:2] == ["Albion Surgery", 7]

    page = _page(client, world)
    assert _time_to_registration_row("Albion Surgery", 4) in page
    assert _time_to_registration_row("Albion Surgery", 7) not in page
    when = f"{time_of_day(row.worked_out_at)} today, {long_date(row.worked_out_at)}."
    assert f"{KEPT}{when} Anything recorded since then is not in them yet" in page
    assert LIVE not in page
    for kind, table in kept_csv.items():
        csv = _csv(client, kind).decode()
        assert csv.splitlines()[1:] == [",".join(str(v) for v in r) for r in table.rows]
    assert "Albion Surgery,4," in _csv(client, "time-to-registration").decode()


@pytest.mark.parametrize("kept_by", ["yesterday", "other code"])
def test_evidence_kept_yesterday_or_by_other_code_is_ignored_and_counted_live(
    world, client, kept_by
):
    call_command("registration_daily")
    if kept_by == "yesterday":
        KeptEvidence.objects.update(worked_out_on=timezone.localdate() - datetime.timedelta(days=1))
    else:
        KeptEvidence.objects.update(code_version=OTHER_CODE)
    _registered(world, RegistrationReferral.objects.order_by("pk").first(), [1, 1, 1])
    page = _page(client, world)
    assert LIVE in page
    assert KEPT not in page
    assert _time_to_registration_row("Albion Surgery", 7) in page
    assert "Albion Surgery,7," in _csv(client, "time-to-registration").decode()


def test_the_daily_job_keeps_one_row_per_commissioner_and_replaces_it_the_next_day(world):
    other = CommissionerFactory()
    CommissionerFactory(is_active=False)
    commissioners = {world.commissioner.pk, other.pk}
    call_command("registration_daily")
    assert set(KeptEvidence.objects.values_list("commissioner", flat=True)) == commissioners
    assert services.keep_evidence() == 0  # run again the same day: nothing to work out
    # The next day (as if the rows were kept yesterday): replaced, not added to.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    KeptEvidence.objects.update(worked_out_on=yesterday)
    assert services.keep_evidence() == 2
    assert KeptEvidence.objects.count() == 2
    assert set(KeptEvidence.objects.values_list("worked_out_on", "code_version")) == {
        (timezone.localdate(), code_version())
    }


def test_catching_up_an_earlier_day_still_keeps_the_evidence_for_today(world):
    call_command("registration_daily", date="2026-01-05", stdout=io.StringIO())
    assert list(KeptEvidence.objects.values_list("worked_out_on", flat=True)) == [
        timezone.localdate()
    ]


@pytest.mark.parametrize("more", [5, 50])
def test_the_kept_page_and_csv_read_no_referral_whatever_their_number(
    world, client, more, django_assert_max_num_queries
):
    _registered(world, RegistrationReferral.objects.order_by("pk").first(), [3] * more)
    call_command("registration_daily")
    sign_in(client, world.commissioner_user, world.commissioner)
    client.get(reverse("registration:evidence"))  # the session settled
    with CaptureQueriesContext(connection) as page_sql, django_assert_max_num_queries(5):
        page = client.get(reverse("registration:evidence")).content.decode()
    assert KEPT in page
    with CaptureQueriesContext(connection) as csv_sql:
        _csv(client, "referrers")
    statements = [q["sql"] for q in page_sql.captured_queries + csv_sql.captured_queries]
    assert statements
    assert not [sql for sql in statements if REFERRALS_TABLE in sql]


def test_a_commissioner_is_shown_only_their_own_kept_evidence(world, client):
    elsewhere = CommissionerFactory()
    PracticeFactory(commissioner=elsewhere, name="Secret Surgery")
    call_command("registration_daily")
    secret = [
        {
            "slug": "time-to-registration",
            "title": "Time from referral to registration",
            "headers": ["Practice", "Registered", "Median days", "Longest days"],
            "rows": [["Secret Surgery", 99, 9, 99]],
        }
    ]
    KeptEvidence.objects.filter(commissioner=elsewhere).update(tables=secret)
    page = _page(client, world)
    assert KEPT in page
    assert "Secret Surgery" not in page
    assert "Secret Surgery" not in _csv(client, "time-to-registration").decode()
    # Nothing kept for this commissioner today: counted live, never another's row.
    KeptEvidence.objects.filter(commissioner=world.commissioner).delete()
    page = _page(client, world)
    assert LIVE in page
    assert "Secret Surgery" not in page
    assert _time_to_registration_row("Albion Surgery", 4) in page
