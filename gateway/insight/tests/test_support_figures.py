"""Multiple-disadvantage figures against hand-worked data, with their boundaries: a status
worked out on the last day of the period and one the day after, a person who stopped meeting
the definition, an action due on the last day and one done the day after, a death on the
first day of the period, an age on the day before a birthday."""

import pytest

from gateway.insight.definitions import support as d
from gateway.insight.queries.scope import Scope
from gateway.insight.sections import support as sections_support
from gateway.support.models import ServiceReferral

from .area_world import PERIOD, Area, D, actions, deaths, mcn_statuses, service_referrals

pytestmark = pytest.mark.django_db

Kind = ServiceReferral.ServiceType


def _figures(section):
    return {figure.definition.key: figure for figure in section.figures}


def _table(section, definition):
    return next(table for table in section.tables if table.definition == definition).rows


def test_people_meeting_the_definition_by_the_version_applied_to_them():
    area = Area()
    mcn_statuses(area)
    section = sections_support.section(area.scope, PERIOD)
    assert _figures(section)[d.MCN.key].value == 2
    assert _table(section, d.MCN_BY_VERSION) == [
        ["Version 1: Fulfilling Lives South East", "3 of 4", 1],
        ["Version 2", "2 of 4", 1],
    ]


def test_referrals_to_services_and_refuge_declines_because_needs_are_too_high():
    area = Area()
    service_referrals(area)
    section = sections_support.section(area.scope, PERIOD)
    assert _figures(section)[d.REFUGE_TOO_HIGH.key].value == 2
    rows = {row[0]: row[1:] for row in _table(section, d.REFERRALS_BY_SERVICE)}
    assert rows["Refuge"] == [3, 0, 2, 1, 0]
    assert rows["Housing or temporary accommodation"] == [2, 1, 1, 0, 0]
    assert rows["Adult social care"] == [0, 0, 0, 0, 0]
    assert _table(section, d.DECLINES_BY_REASON) == [["Needs too high for the service", 3, 2]]


def test_actions_overdue_at_the_end_of_the_period():
    area = Area()
    actions(area)
    figure = _figures(sections_support.section(area.scope, PERIOD))[d.ACTIONS_OVERDUE.key]
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_deaths_by_age_judgement_and_learning_review():
    area = Area()
    deaths(area)
    section = sections_support.section(area.scope, PERIOD)
    figures = _figures(section)
    assert figures[d.DEATHS.key].value == 3
    learning = figures[d.LEARNING_REVIEWS.key]
    assert (learning.numerator, learning.denominator, learning.value) == (1, 3, 33.3)
    ages = dict(_table(section, d.DEATHS_BY_AGE))
    assert (ages["Under 18"], ages["18 to 24"], ages["35 to 44"]) == (1, 1, 1)
    assert _table(section, d.DEATH_JUDGEMENTS) == [
        ["Yes", 1, 1],
        ["No", 1, 0],
        ["Not yet known", 1, 2],
    ]


def test_one_sas_practice_counts_the_people_with_an_episode_there():
    area = Area()
    patient = area.person()
    area.episode(patient, allocated_on=D(2024, 1, 1))
    area.death(patient, died_on=D(2025, 5, 1))
    area.death(area.person(), died_on=D(2025, 5, 1))
    scope = Scope(area.commissioner, sas_practice=area.sas_practice)
    assert _figures(sections_support.section(scope, PERIOD))[d.DEATHS.key].value == 1


@pytest.mark.parametrize("size", [2, 12])
def test_the_section_costs_the_same_queries_at_any_size(size, django_assert_max_num_queries):
    area = Area()
    rule = area.rule(1, 3)
    for _ in range(size):
        person = area.person()
        area.mcn(person, rule, meets=True, on=D(2025, 4, 1))
        area.service_referral(person, Kind.REFUGE, sent_on=D(2025, 4, 1), status="declined",
                              reason="needs_too_high")  # fmt: skip
        area.action(person, due_on=D(2025, 6, 1), made_on=D(2025, 5, 1))
        area.death(person, died_on=D(2025, 5, 1))
    with django_assert_max_num_queries(5):
        sections_support.section(area.scope, PERIOD)
