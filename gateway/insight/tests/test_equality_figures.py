"""Equality figures against hand-worked data: each person counted once in each column that
counts them, in the row of their sex, age on the last day of the period (a birthday on the
last day and one the day after) and ethnic group ('not stated' and 'not known' apart)."""

import pytest
from django.db.models import DateField, F, Value

from gateway.insight.definitions import equality as d
from gateway.insight.queries.area import age_on
from gateway.insight.rules import equality as rules
from gateway.insight.sections import equality as sections_equality
from gateway.patients.models import Patient
from gateway.support.models import ServiceReferral

from .area_world import PERIOD, Area, D

pytestmark = pytest.mark.django_db


def _rows(section, definition):
    table = next(table for table in section.tables if table.definition == definition)
    return {row[0]: row[1:] for row in table.rows}


@pytest.fixture
def area():
    area = Area()
    # 18 on the last day of the period; Black African; on the scheme, and referred to a GP.
    first = area.person(sex="female", date_of_birth=D(2007, 6, 30), ethnic_category="N")
    area.episode(first, allocated_on=D(2024, 1, 1))
    area.referral(first, referred_on=D(2025, 4, 1))
    # 18 the day after; chose not to say; refused registration (and so referred) twice.
    second = area.person(sex="male", date_of_birth=D(2007, 7, 1), ethnic_category="Z")
    area.refused(patient=second, refused_on=D(2025, 5, 1), reason="no_id")
    area.refused(patient=second, refused_on=D(2025, 5, 2), reason="outside_boundary")
    # 65; never asked; meets the definition and died in the period.
    third = area.person(sex="male", date_of_birth=D(1960, 1, 1))
    area.mcn(third, area.rule(1, 3), meets=True, on=D(2025, 4, 1))
    area.death(third, died_on=D(2025, 6, 1))
    # 35; White British; removed by a practice in the period, and declined by a refuge.
    fourth = area.person(sex="female", date_of_birth=D(1990, 1, 1), ethnic_category="A")
    area.episode(fourth, notice_on=D(2025, 6, 30))
    area.service_referral(fourth, ServiceReferral.ServiceType.REFUGE, sent_on=D(2025, 4, 1),
                          status="declined", reason="needs_too_high")  # fmt: skip
    # Not counted: left the scheme the day before the period began.
    gone = area.person(sex="female", ethnic_category="A")
    area.episode(gone, allocated_on=D(2024, 1, 1), closed_on=D(2025, 3, 31))
    return area


def test_by_sex_age_and_ethnic_group(area):
    section = sections_equality.section(area.scope, PERIOD)
    #                       anyone, on scheme, removed, referred, refused, MCN, declined, died
    assert _rows(section, d.BY_SEX) == {
        "Female": [2, 1, 1, 1, 0, 0, 1, 0],
        "Male": [2, 0, 0, 1, 1, 1, 0, 1],
        "Intersex": [0] * 8,
        "Not known": [0] * 8,
        "Prefers not to say": [0] * 8,
    }
    ages = _rows(section, d.BY_AGE)
    assert ages["Under 18"] == [1, 0, 0, 1, 1, 0, 0, 0]
    assert ages["18 to 24"] == [1, 1, 0, 1, 0, 0, 0, 0]
    assert ages["35 to 44"] == [1, 0, 1, 0, 0, 0, 1, 0]
    assert ages["65 and over"] == [1, 0, 0, 0, 0, 1, 0, 1]
    assert sum(row[0] for row in ages.values()) == 4
    groups = _rows(section, d.BY_ETHNICITY)
    assert list(groups) == [label for label, _codes in rules.ETHNIC_GROUPS]
    assert (groups["White"][0], groups["Black or Black British"][0]) == (1, 1)
    assert (groups["Not stated"][0], groups["Not known"][0], groups["Mixed"][0]) == (1, 1, 0)
    recorded = section.figures[0]
    assert (recorded.numerator, recorded.denominator, recorded.value) == (3, 4, 75.0)


def test_every_ethnic_category_is_in_exactly_one_group():
    codes = [code for _label, group in rules.ETHNIC_GROUPS for code in group]
    assert sorted(codes) == sorted(Patient.EthnicCategory.values)
    assert rules.ethnic_group("99") == "Not known"
    assert rules.ethnic_group("R") == "Other ethnic groups"


@pytest.mark.parametrize("age, band", [(0, "Under 18"), (17, "Under 18"), (18, "18 to 24"),
                                       (64, "55 to 64"), (65, "65 and over")])  # fmt: skip
def test_age_bands_meet_without_gaps(age, band):
    assert rules.age_band(age) == band


@pytest.mark.parametrize("size", [1, 10])
def test_the_section_costs_the_same_queries_at_any_size(size, django_assert_max_num_queries):
    area = Area()
    for _ in range(size):
        person = area.person(ethnic_category="M")
        area.episode(person, allocated_on=D(2024, 1, 1))
        area.refused(patient=person, refused_on=D(2025, 5, 1), reason="no_id")
        area.death(person, died_on=D(2025, 6, 1))
    with django_assert_max_num_queries(3):
        sections_equality.section(area.scope, PERIOD)


@pytest.mark.parametrize(
    "on, age",
    [(D(2022, 2, 28), 17), (D(2022, 3, 1), 18), (D(2024, 2, 28), 19), (D(2024, 2, 29), 20)],
)
def test_age_in_the_database_reaches_a_29_february_birthday_on_1_march(on, age):
    Area().person(date_of_birth=D(2004, 2, 29))
    worked_out = Patient.objects.annotate(
        age=age_on(Value(on, output_field=DateField()), F("date_of_birth"))
    ).values_list("age", flat=True)
    assert list(worked_out) == [age]
