"""The evidence tables are counted in the database and bounded by the period (ADR 0044): the same
rows as the old Python aggregation over the same referrals, referrals older than a year left out,
and one query per table whatever the number of referrals."""

import datetime
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.registration import evidence
from gateway.registration.models import RegistrationReferral
from gateway.registration.rules.dates import registered_before_release

from .helpers import World, prison_data, referral_copies, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status
D = datetime.date


def _old_time_to_registration(referrals):
    days = {}
    for r in referrals:
        days.setdefault(r.practice.name, []).append(max((r.registered_on - r.referred_on).days, 0))
    return [[name, len(v), statistics.median(v), max(v)] for name, v in sorted(days.items())]


def _old_prison_leavers(referrals):
    counts = {}
    for r in referrals:
        row = counts.setdefault(r.releasing_establishment or "Not recorded", [0, 0, 0])
        row[0] += 1
        if registered_before_release(r.release_date, r.registered_on):
            row[1] += 1
        elif r.registered_on is not None:
            row[2] += 1
    return [[name, *values] for name, values in sorted(counts.items())]


@pytest.fixture
def world():
    return World()


def test_tables_match_the_old_python_aggregation_within_the_year(world):
    today = timezone.localdate()
    template = sent_referral(world, data=prison_data(today + datetime.timedelta(days=20)))
    rows = []
    for i, waited in enumerate([0, 3, 3, 8, 12, 40, 2, 5]):
        referred = today - datetime.timedelta(days=30 + i)
        rows.append(
            {
                "status": Status.REGISTERED,
                "practice_id": (world.practice if i % 3 else world.other_practice).pk,
                "referred_on": referred,
                "registered_on": referred + datetime.timedelta(days=waited - (i == 6) * 4),
                "releasing_establishment": ["HMP Lewes", "", "HMP Ford"][i % 3],
                "release_date": [None, referred + datetime.timedelta(days=5)][i % 2],
            }
        )
    rows.append({"status": Status.REFUSED, "referred_on": today - datetime.timedelta(days=9)})
    # Older than the period: left out of every table.
    rows.append(
        {
            "status": Status.REGISTERED,
            "referred_on": today - datetime.timedelta(days=400),
            "registered_on": today - datetime.timedelta(days=100),
        }
    )
    referral_copies(template, rows)
    since, _ = evidence.period()
    in_period = RegistrationReferral.objects.filter(
        referred_on__gte=since, practice__commissioner=world.commissioner
    ).select_related("practice")
    registered = [r for r in in_period if r.status == Status.REGISTERED]
    assert evidence.time_to_registration(world.commissioner).rows == _old_time_to_registration(
        registered
    )
    assert evidence.prison_leavers(world.commissioner).rows == _old_prison_leavers(
        [r for r in in_period if r.is_prison_leaver]
    )
    (referrer,) = evidence.referrers(world.commissioner).rows
    assert referrer[1:] == [len(in_period), len(registered), 1, 1]  # the template is waiting


@pytest.mark.parametrize("n", [5, 50])
def test_one_query_per_table_whatever_the_number_of_referrals(
    world, n, django_assert_max_num_queries
):
    template = sent_referral(world)
    today = timezone.localdate()
    referral_copies(
        template,
        [
            {"status": Status.REGISTERED, "registered_on": today, "referred_on": today}
            for _ in range(n)
        ],
    )
    with django_assert_max_num_queries(4):
        tables = evidence.all_tables(world.commissioner)
    assert tables[0].rows == [["Albion Surgery", n, 0, 0]]


def test_the_page_says_which_year_it_counts(world, client):
    sign_in(client, world.commissioner_user, world.commissioner)
    page = client.get(reverse("registration:evidence")).content.decode()
    since, until = evidence.period()
    assert f"These tables count referrals made from {since.day} {since:%B %Y} to" in page
