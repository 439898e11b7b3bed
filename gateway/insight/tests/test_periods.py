"""Reporting periods follow the NHS financial year (1 April to 31 March) and its quarters."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gateway.insight.rules import periods

D = datetime.date


@pytest.mark.parametrize(
    "day, start, end, label",
    [
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), "Q1 2026 to 2027"),
        (D(2026, 12, 6), D(2026, 10, 1), D(2026, 12, 31), "Q3 2026 to 2027"),
        (D(2027, 1, 1), D(2027, 1, 1), D(2027, 3, 31), "Q4 2026 to 2027"),
        (D(2027, 3, 31), D(2027, 1, 1), D(2027, 3, 31), "Q4 2026 to 2027"),
    ],
)
def test_financial_quarters_start_in_april(day, start, end, label):
    period = periods.quarter(day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_the_financial_year_runs_from_april_to_march():
    assert periods.financial_year(D(2027, 3, 31)) == periods.Period(
        D(2026, 4, 1), D(2027, 3, 31), "year"
    )
    assert periods.financial_year(D(2026, 4, 1)).label == "Financial year 2026 to 2027"


def test_previous_periods_for_trends():
    assert periods.quarter(D(2026, 4, 15)).previous() == periods.quarter(D(2026, 3, 1))
    assert [p.label for p in periods.quarters_up_to(periods.quarter(D(2026, 12, 6)), 3)] == [
        "Q1 2026 to 2027",
        "Q2 2026 to 2027",
        "Q3 2026 to 2027",
    ]
    week = periods.custom(D(2026, 11, 1), D(2026, 11, 7), today=D(2026, 12, 6))
    assert week.previous() == periods.Period(D(2026, 10, 25), D(2026, 10, 31))


def test_a_chosen_period_is_refused_in_plain_words_when_wrong():
    with pytest.raises(ValidationError, match="on or after its start"):
        periods.custom(D(2026, 5, 1), D(2026, 4, 1), today=D(2026, 12, 6))
    with pytest.raises(ValidationError, match="today or earlier"):
        periods.custom(D(2027, 1, 1), D(2027, 2, 1), today=D(2026, 12, 6))


def test_both_ends_of_a_period_are_included():
    period = periods.quarter(D(2026, 5, 5))
    assert period.contains(D(2026, 4, 1)) and period.contains(D(2026, 6, 30))
    assert not period.contains(D(2026, 7, 1)) and not period.contains(None)
    assert period.days == 91


def test_a_year_so_far_keeps_the_name_of_its_financial_year():
    so_far = periods.Period(D(2026, 4, 1), D(2026, 12, 6), "year")
    assert so_far.label == "Financial year 2026 to 2027"
