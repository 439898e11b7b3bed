"""The dashboard reads each section's figures together (queries/*_summary.py): the figures are
exactly those the single-figure functions give (themselves tested against hand-worked data),
and the whole page costs at most 15 queries, the same with a small area and a larger one
(more SAS practices, other areas, more months, episodes, referrals and people)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.insight.links import period_params
from gateway.insight.queries import (
    equality,
    registration,
    registration_summary,
    sas,
    sas_summary,
    support,
    support_summary,
)
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import quarters_up_to
from gateway.sas.models import Review
from gateway.sas.rules.screening import DOUBTFUL, QUALIFIES
from tests.factories import MembershipFactory, PracticeFactory, SasPracticeFactory

from . import area_world
from .area_world import PERIOD, Area, D
from .sas_world import SasWorld, at, d

pytestmark = pytest.mark.django_db
DASHBOARD_BUDGET = 15


def sas_data(w):
    """Episodes on the scheme for different lengths (five at the end of the period), removals
    by two practices on two screening routes, reviews, an appeal, a
    discharge, custody and a message that reached no one."""
    second_remover = PracticeFactory(commissioner=w.commissioner, name="Another Surgery")
    for allocated in ("2022-06-30", "2024-03-01", "2024-07-01", "2025-01-10"):
        w.episode(allocated=at(d(allocated)), sas_practice=w.sas[-1])
    w.episode(allocated=at(d("2024-01-01")), closed=at(d("2025-06-15")), closed_state="ended_death")
    removed = [
        w.episode(notice=at(d("2025-04-02")), allocated=at(d("2025-04-03")), route=QUALIFIES),
        w.episode(notice=at(d("2025-05-02")), route=DOUBTFUL),
        w.episode(notice=at(d("2025-06-02")), route=QUALIFIES),
    ]
    removed[2].removal_report.reporting_practice = second_remover
    removed[2].removal_report.save()
    e = removed[0]
    w.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part=Review.HowTookPart.IN_PERSON)
    w.review(e, d("2025-05-02"), held_on=d("2025-05-09"), took_part=Review.HowTookPart.DID_NOT)
    w.appeal(e, d("2025-05-02"), status="dismissed", decided_on=d("2025-05-20"),
             panel_due=d("2025-05-30"))  # fmt: skip
    w.deadline(e, "allocation", d("2025-04-03"), due_at=at(d("2025-04-03"), 18),
               met_at=at(d("2025-04-03")))  # fmt: skip
    w.discharge(e, d("2025-06-30"), at(d("2025-06-01")))
    w.custody(e, d("2025-06-01"))
    w.unreachable(e, at(d("2025-06-01")))


def test_the_sas_figures_read_together_are_the_single_figures(django_assert_max_num_queries):
    w = SasWorld(sas_practices=3)
    sas_data(w)
    scope = Scope(commissioner=w.commissioner)
    now = timezone.now()
    quarters = quarters_up_to(PERIOD, 4)
    practices = list(sas.sas_practices(scope))
    with django_assert_max_num_queries(2):
        totals = sas_summary.totals(scope, PERIOD, now, quarters, practices)
        by_practice, by_screening = sas_summary.removals(scope, PERIOD)

    scheme = sas.on_the_scheme(scope, PERIOD)
    assert totals["on_the_scheme"] == {
        **scheme,
        "by_quarter": sas.on_the_scheme_by_quarter(scope, quarters),
    }
    assert scheme["at_end"] == 5
    assert totals["median_days"] == sas.median_days_on_scheme(scope, PERIOD, scheme["at_end"])
    # Allocated 2022-06-30, 2024-03-01, 2024-07-01, 2025-01-10 and 2025-04-03: the middle
    # one at midday, 364 whole days and 12 hours before the end of the period.
    assert totals["median_days"] == 364
    assert totals["by_practice"] == sas.on_the_scheme_by_practice(scope, PERIOD)
    assert [people for _p, people, _c in totals["by_practice"]] == [1, 0, 4]
    assert totals["targets"] == sas.removal_targets(scope, PERIOD, now)
    reviews = sas.reviews(scope, PERIOD, timezone.localdate(now))
    assert totals["reviews"] == {**reviews, "by_quarter": sas.heard_by_quarter(scope, quarters)}
    assert (reviews["held"], reviews["heard"]) == (2, 1)
    assert totals["appeals"] == sas.appeals(scope, PERIOD)
    assert totals["discharges"] == sas.discharges(scope, PERIOD)
    assert totals["changes"] == sas.changes(scope, PERIOD)
    assert totals["custody"] == sas.custody(scope, PERIOD) == {"in_custody": 1}
    assert totals["unreachable"] == sas.unreachable(scope, PERIOD)
    assert by_practice == sas.removals_by_practice(scope, PERIOD)
    assert by_practice == [("Removing Surgery", 2), ("Another Surgery", 1)]
    assert by_screening == sas.removals_by_screening(scope, PERIOD)
    one = Scope(commissioner=w.commissioner, sas_practice=w.sas[-1])
    one_totals = sas_summary.totals(one, PERIOD, now, quarters, [w.sas[-1]])
    assert one_totals["on_the_scheme"]["at_end"] == sas.on_the_scheme(one, PERIOD)["at_end"] == 4
    assert one_totals["median_days"] == sas.median_days_on_scheme(one, PERIOD, 4)


def test_the_median_of_nobody_on_the_scheme_is_nothing():
    w = SasWorld()
    scope = Scope(commissioner=w.commissioner)
    totals = sas_summary.totals(scope, PERIOD, timezone.now(), [PERIOD], [])
    assert totals["median_days"] is None and totals["on_the_scheme"]["at_end"] == 0


def area_data(area):
    for fill in (
        area_world.referrals_and_refusals,
        area_world.prison_leavers,
        area_world.first_appointments,
        area_world.mcn_statuses,
        area_world.service_referrals,
        area_world.actions,
        area_world.deaths,
    ):
        fill(area)


def test_the_area_figures_read_together_are_the_single_figures(django_assert_max_num_queries):
    area = Area()
    area_data(area)
    scope = area.scope
    with django_assert_max_num_queries(5):
        registration_totals = registration_summary.totals(scope, PERIOD)
        by_practice, by_reason = registration_summary.refusals(scope, PERIOD)
        support_totals = support_summary.totals(scope, PERIOD)
        by_service, declines = support_summary.referrals(scope, PERIOD)
        sets = equality.people_sets(scope, PERIOD)
        breakdowns = equality.breakdowns(sets, PERIOD)

    waits = registration.time_to_registration(scope, PERIOD)
    assert registration_totals["waits"] == waits
    # 0, 0, 0, 0, 0, 7, 8, 30, 30 and 31 days: (0 + 7) / 2
    assert waits["median_days"] == 3.5
    assert registration_totals["leavers"] == registration.prison_leavers(scope, PERIOD)
    assert registration_totals["appointments"] == registration.first_appointments(scope, PERIOD)
    assert by_practice == registration.refusals_by_practice(scope, PERIOD)
    assert by_reason == registration.refusals_by_reason(scope, PERIOD)
    assert len(by_reason) == 3  # no ID, no proof of address, list closed
    assert support_totals["actions"] == support.actions_at_end(scope, PERIOD)
    assert support_totals["deaths"] == support.deaths(scope, PERIOD)
    assert support_totals["deaths"]["deaths"] == 3
    assert by_service == support.referrals_by_service(scope, PERIOD)
    assert declines == support.declines_by_reason(scope, PERIOD)
    assert breakdowns == (
        equality.by_sex(sets),
        equality.by_age(sets, PERIOD),
        equality.by_ethnic_group(sets),
    )


def test_the_registration_median_is_between_the_middle_two():
    area = Area()
    area_world.referrals_and_refusals(area)  # 0, 7, 8 and 30 days: (7 + 8) / 2
    assert registration_summary.totals(area.scope, PERIOD)["waits"]["median_days"] == 7.5


def grow(area, n):
    """n more of everything, over more months, and another area beside it."""
    SasPracticeFactory(commissioner=area.commissioner, name=f"SAS Surgery {n}")
    other = Area()
    for index in range(n):
        day = D(2024, 1, 1) + datetime.timedelta(days=37 * index)
        person = area.person(date_of_birth=D(1970 + index, 1, 1))
        area.episode(person, allocated_on=day, notice_on=day)
        area.episode(other.person(), allocated_on=day)
        area.registered(referred_on=day, registered_on=day + datetime.timedelta(days=index))
        area.refused(refused_on=D(2025, 4, 1) + datetime.timedelta(days=index), reason="no_id")
        area.service_referral(person, area_world.Kind.HOUSING, sent_on=D(2025, 5, 1))
        area.action(person, due_on=D(2025, 6, 1), made_on=D(2025, 5, 1))
    area.death(area.person(), died_on=D(2025, 5, 1))


def test_the_dashboard_costs_at_most_15_queries_whatever_the_data(
    client, django_assert_max_num_queries
):
    area = Area()
    area.episode(area.person(), allocated_on=D(2025, 4, 2), notice_on=D(2025, 4, 1))
    user = MembershipFactory(organisation=area.commissioner, role=Role.COMMISSIONER).user
    sign_in(client, user, area.commissioner)
    url, query = reverse("insight:dashboard"), period_params(PERIOD)
    client.get(url, query)  # the first drawing of a chart warms vl-convert up
    with django_assert_max_num_queries(DASHBOARD_BUDGET) as small:
        client.get(url, query)

    area_data(area)
    grow(area, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url, query).content.decode()
    assert "SAS Surgery 12" in body  # the second SAS practice has its row
    figure = body.split('id="figure-registration-refusals"')[1].split("</div>")[0]
    assert ">15<" in figure  # 3 refusals of the hand-worked data in the period, 12 more
