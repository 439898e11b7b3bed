"""The national view reads the GP registration, multiple-disadvantage and equality figures of
every area together (one statement a section): each area's figures are exactly those its own
dashboard shows (checked figure by figure on areas with every kind of record, and by hand),
the whole view costs the same number of queries for 3 areas as for 6 and no more than the
bench's 15, and the analyst's page shows each area's own figures in its row."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.insight import national
from gateway.insight.definitions import equality as de
from gateway.insight.definitions import registration as dr
from gateway.insight.definitions import support as ds
from gateway.insight.queries import national as national_queries
from gateway.insight.queries.scope import Scope
from gateway.insight.sections import equality as sections_equality
from gateway.insight.sections import registration as sections_registration
from gateway.insight.sections import support as sections_support
from gateway.support.models import ServiceReferral
from tests.factories import NationalFactory

from . import area_world
from .area_world import PERIOD, Area, D

pytestmark = pytest.mark.django_db
BENCH_TARGET = 15
SECTIONS = [sections_registration, sections_support, sections_equality]
Kind = ServiceReferral.ServiceType


def figures(section):
    return {figure.definition.key: figure for figure in section.figures}


def worked_area():
    """An area with the figure tests' hand-worked data for every section (each of which adds
    a record in another area that must not be counted here)."""
    area = Area()
    for make in (
        area_world.referrals_and_refusals,
        area_world.prison_leavers,
        area_world.first_appointments,
        area_world.mcn_statuses,
        area_world.service_referrals,
        area_world.actions,
        area_world.deaths,
    ):
        make(area)
    # Equality: one person with an ethnic group recorded on the scheme, one not known.
    area.episode(area.person(ethnic_category="N"), allocated_on=D(2024, 1, 1))
    area.episode(area.person(ethnic_category="99"), allocated_on=D(2024, 1, 1))
    return area


def some_of_everything(area, n=1, day=D(2025, 5, 1)):
    """n of each record every section counts, in area, on day."""
    rule = area.rule(1, 3)
    for _ in range(n):
        person = area.person(ethnic_category="A")
        area.episode(person, allocated_on=D(2024, 1, 1))
        area.registered(referred_on=day, registered_on=day, is_prison_leaver=True,
                        release_date=day, first_appointment_due_on=day)  # fmt: skip
        area.refused(refused_on=day, reason="no_id")
        area.mcn(person, rule, meets=True, on=day)
        area.service_referral(person, Kind.REFUGE, sent_on=day, status="declined",
                              reason="needs_too_high")  # fmt: skip
        area.action(person, due_on=day, made_on=day)
        area.death(person, died_on=day)


def test_each_areas_figures_counted_together_are_its_own():
    worked, busy, empty = worked_area(), Area(), Area()
    some_of_everything(busy, 2)
    commissioners = [worked.commissioner, busy.commissioner, empty.commissioner]
    for module in SECTIONS:
        grouped = module.sections_by_area(commissioners, PERIOD)
        for commissioner in commissioners:
            own = module.section(Scope(commissioner=commissioner), PERIOD)
            assert grouped[commissioner.pk].figures == own.figures, module.KEY
    registration = figures(sections_registration.sections_by_area(commissioners, PERIOD)[
        worked.commissioner.pk])  # fmt: skip
    # referrals_and_refusals: 8 referred in the period, 4 registered (0, 7, 8, 30 days), 2
    # refused, 1 for want of ID; prison_leavers: 4 referred (one the refusal of a person also
    # registered, for want of proof of address), 3 registered (30, 31, 0 days); and
    # first_appointments: 3 referred and registered the same day. Waits 0 0 0 0 0 7 8 30 30 31.
    assert registration[dr.REFERRALS.key].value == 8 + 4 + 3
    assert registration[dr.REGISTERED.key].value == 4 + 3 + 3
    assert registration[dr.TIME_MEDIAN.key].value == (0 + 7) / 2
    assert registration[dr.REFUSALS.key].value == 2 + 1
    assert registration[dr.UNREASONABLE.key].value == 1 + 1
    leavers = registration[dr.PRISON_LEAVERS.key]
    assert (leavers.numerator, leavers.denominator) == (1, 2)
    appointments = registration[dr.FIRST_APPOINTMENT.key]
    assert (appointments.numerator, appointments.denominator) == (1, 2)
    support = figures(sections_support.sections_by_area(commissioners, PERIOD)[
        worked.commissioner.pk])  # fmt: skip
    assert support[ds.MCN.key].value == 2
    assert support[ds.REFUGE_TOO_HIGH.key].value == 2
    actions = support[ds.ACTIONS_OVERDUE.key]
    assert (actions.numerator, actions.denominator) == (2, 3)
    assert support[ds.DEATHS.key].value == 3
    learning = support[ds.LEARNING_REVIEWS.key]
    assert (learning.numerator, learning.denominator) == (1, 3)
    busy_support = figures(sections_support.sections_by_area(commissioners, PERIOD)[
        busy.commissioner.pk])  # fmt: skip
    assert busy_support[ds.DEATHS.key].value == 2
    equality = sections_equality.sections_by_area(commissioners, PERIOD)
    empty_equality = figures(equality[empty.commissioner.pk])[de.ETHNICITY_RECORDED.key]
    assert (empty_equality.denominator, empty_equality.value) == (0, None)
    busy_equality = figures(equality[busy.commissioner.pk])[de.ETHNICITY_RECORDED.key]
    # Each of busy's 2 people recorded as White British (on the scheme, meeting the
    # definition, declined, died), and the 2 people referred and 2 refused not known (99).
    assert (busy_equality.numerator, busy_equality.denominator) == (2, 6)


def test_the_national_view_costs_the_same_queries_for_3_areas_as_for_6(
    django_assert_max_num_queries,
):
    organisation = NationalFactory()
    for _ in range(3):
        some_of_everything(Area())
    with django_assert_max_num_queries(BENCH_TARGET) as three:
        view = national.build(national_queries.commissioners(organisation), PERIOD)
    assert [len(section.tables[0].rows) for section in view.sections] == [3 + 1] * 5
    for _ in range(3):
        some_of_everything(Area(), 2)
    with django_assert_max_num_queries(len(three.captured_queries)):
        view = national.build(national_queries.commissioners(organisation), PERIOD)
    assert [len(section.tables[0].rows) for section in view.sections] == [6 + 1] * 5


def test_the_analysts_whole_request_for_the_national_view_is_within_the_bench_target(
    staff_client, django_assert_max_num_queries
):
    """What `make bench` counts: the whole signed-in request (session, sign-in checks,
    commissioners and every section), the same for 3 areas as for 6 (ADR 0029)."""
    client, _, _ = staff_client(Role.NATIONAL_ANALYST, NationalFactory())
    for _ in range(3):
        some_of_everything(Area())
    client.get(reverse("insight:national"))  # as the bench does: warmed up first
    with django_assert_max_num_queries(BENCH_TARGET) as three:
        assert client.get(reverse("insight:national")).status_code == 200
    for _ in range(3):
        some_of_everything(Area(), 2)
    with django_assert_max_num_queries(len(three.captured_queries)):
        page = client.get(reverse("insight:national")).content.decode()
    table = re.search(r"<caption[^>]*>GP registration by area</caption>(.*?)</table>", page, re.S)
    assert len(re.findall(r"<tr", table.group(1))) == 1 + 6 + 1  # headings, each area, England


def table_of(page, title):
    """{first cell: {column heading: cell}} of the table captioned title, as a reader sees
    them (without the headings repeated for narrow screens)."""
    table = re.search(rf"<caption[^>]*>{re.escape(title)}</caption>(.*?)</table>", page, re.S)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        hidden = r"<span[^>]*aria-hidden[^>]*>.*?</span>"
        rows.append(
            [html.unescape(re.sub(r"<[^>]+>", "", re.sub(hidden, "", c))).strip() for c in cells]
        )
    headings, *rows = rows
    return {row[0]: dict(zip(headings, row, strict=True)) for row in rows}


def test_the_analyst_reads_each_areas_own_figures_in_its_row(staff_client):
    today = timezone.localdate()
    north, south = Area(), Area()
    north.commissioner.name, south.commissioner.name = "North area", "South area"
    for area, referred, registered, died in ((north, 9, 8, 8), (south, 12, 10, 11)):
        area.commissioner.save()
        for n in range(referred):
            if n < registered:
                area.registered(referred_on=today, registered_on=today)
            else:
                area.referral(referred_on=today)
        for _ in range(died):
            area.death(area.person(), died_on=today)
    client, _, _ = staff_client(Role.NATIONAL_ANALYST, NationalFactory())
    page = client.get(reverse("insight:national")).content.decode()
    registration = table_of(page, "GP registration by area")
    referrals, registered = dr.REFERRALS.title, dr.REGISTERED.title
    assert [registration[name][referrals] for name in ("North area", "South area")] == ["9", "12"]
    assert [registration[name][registered] for name in ("North area", "South area")] == ["8", "10"]
    assert (registration["England"][referrals], registration["England"][registered]) == ("21", "18")
    support = table_of(page, "Multiple disadvantage by area")
    deaths = ds.DEATHS.title
    assert [support[name][deaths] for name in ("North area", "South area", "England")] == [
        "8",
        "11",
        "19",
    ]
