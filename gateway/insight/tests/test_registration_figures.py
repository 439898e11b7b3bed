"""GP registration figures against hand-worked data, with their boundaries: the first and
last day of the period, a registration the same day, a prison leaver registered on the day
of release and one a day late, a refusal for want of ID."""

import pytest

from gateway.insight.definitions import registration as d
from gateway.insight.queries.scope import Scope
from gateway.insight.sections import registration as sections_registration
from gateway.registration.models import RegistrationReferral

from .area_world import PERIOD, Area, D, first_appointments, prison_leavers, referrals_and_refusals

pytestmark = pytest.mark.django_db

Status = RegistrationReferral.Status


def _figures(section):
    return {figure.definition.key: figure for figure in section.figures}


def _table(section, definition):
    return next(table for table in section.tables if table.definition == definition).rows


@pytest.fixture
def area():
    area = Area()
    referrals_and_refusals(area)
    return area


def test_registrations_time_to_registration_and_refusals(area):
    section = sections_registration.section(area.scope, PERIOD)
    figures = _figures(section)
    # Referred in the period: 1 Apr, 22 Jun, 1 May, 30 Jun (registered in July), the two
    # refusals referred on their refusal day (2 Apr, 30 Jun), 5 May (waiting), 6 May
    # (withdrawn).
    assert figures[d.REFERRALS.key].value == 8
    assert figures[d.REGISTERED.key].value == 4
    assert figures[d.TIME_MEDIAN.key].value == 7.5
    assert figures[d.REFUSALS.key].value == 2
    assert figures[d.UNREASONABLE.key].value == 1
    assert _table(section, d.TIME_BANDS) == [
        ["The same day", 1],
        ["1 to 7 days", 1],
        ["8 to 14 days", 1],
        ["15 to 28 days", 0],
        ["More than 28 days", 1],
    ]
    assert _table(section, d.BY_REFERRER) == [["Brighton Probation", 8, 4, 2, 1, 1]]
    assert _table(section, d.REFUSALS_BY_PRACTICE) == [["Albion Surgery", 2, 1]]
    assert _table(section, d.REFUSALS_BY_REASON) == [
        ["No proof of identity", sections_registration.NOT_REASONABLE, 1],
        ["The practice list is formally closed", "Yes", 1],
    ]


def test_prison_leavers_registered_on_the_day_of_release_count_a_day_late_do_not(area):
    prison_leavers(area)
    figure = _figures(sections_registration.section(area.scope, PERIOD))[d.PRISON_LEAVERS.key]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, 50.0)


def test_first_appointments_due_in_the_period_and_attended(area):
    first_appointments(area)
    figure = _figures(sections_registration.section(area.scope, PERIOD))[d.FIRST_APPOINTMENT.key]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, 50.0)


def test_nothing_to_measure_is_none_not_zero_percent():
    area = Area()
    figures = _figures(sections_registration.section(area.scope, PERIOD))
    assert figures[d.PRISON_LEAVERS.key].value is None
    assert figures[d.TIME_MEDIAN.key].value is None
    assert figures[d.REFERRALS.key].value == 0


def test_one_sas_practice_counts_only_referrals_to_it(area):
    area.registered(referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 3), practice="sas")
    scope = Scope(area.commissioner, sas_practice=area.sas_practice)
    figures = _figures(sections_registration.section(scope, PERIOD))
    assert figures[d.REGISTERED.key].value == 1
    assert figures[d.TIME_MEDIAN.key].value == 2


def test_a_referral_before_a_practice_is_chosen_counts_in_the_referrers_area():
    area = Area()
    area.referral(referred_on=D(2025, 4, 1), practice=None, status=Status.CHOOSING_PRACTICE)
    figures = _figures(sections_registration.section(area.scope, PERIOD))
    assert figures[d.REFERRALS.key].value == 1


@pytest.mark.parametrize("size", [2, 12])
def test_the_section_costs_the_same_queries_at_any_size(size, django_assert_max_num_queries):
    area = Area()
    for n in range(size):
        area.registered(referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 1 + n))
        area.refused(refused_on=D(2025, 5, 1 + n), reason="no_id")
    with django_assert_max_num_queries(7):
        sections_registration.section(area.scope, PERIOD)
