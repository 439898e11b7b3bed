"""Figures in words."""

from gateway.insight import charts, presenters
from gateway.insight.definitions.sas import TIME_MEDIAN, VIEW_HEARD
from gateway.insight.figures import DAYS, PERCENT, Figure
from gateway.insight.rules.periods import quarter

from .sas_world import d


def test_a_percentage_says_how_many_of_how_many():
    figure = Figure(VIEW_HEARD, charts.percent(2, 3), PERCENT, numerator=2, denominator=3)
    assert presenters.figure_value(figure) == "66.7%"
    assert presenters.figure_detail(figure) == "2 of 3"
    nothing = Figure(VIEW_HEARD, charts.percent(0, 0), PERCENT, numerator=0, denominator=0)
    assert presenters.figure_value(nothing) == "Nothing to measure in the period"
    assert presenters.figure_detail(nothing) == ""


def test_a_time_in_days_is_also_said_in_years_and_months():
    figure = Figure(TIME_MEDIAN, 430.0, DAYS)
    assert presenters.figure_value(figure) == "430 days"
    assert presenters.figure_detail(figure) == "About 1 year and 2 months"
    assert presenters.duration(12) == "less than a month"
    assert presenters.duration(800) == "2 years and 2 months"
    assert presenters.duration(731) == "2 years"


def test_table_cells():
    assert presenters.cell(None) == "–"
    assert presenters.cell(1234) == "1,234"
    assert presenters.cell(12.5, "Percentage of capacity") == "12.5%"
    assert presenters.cell("Brighton") == "Brighton"


def test_trend_summaries_and_short_labels():
    labels = ["Q1", "Q2", "Q3"]
    assert (
        charts.trend_summary("Heard", labels, [50.0, None, 75.0], PERCENT)
        == "Heard was 50% in Q1 and 75% in Q3."
    )
    assert charts.trend_summary("Heard", labels, [None, None, None], PERCENT).startswith(
        "There is nothing to show"
    )
    assert charts.short_label(quarter(d("2026-12-06"))) == "Q3 2026–27"
