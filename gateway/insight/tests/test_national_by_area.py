"""The national view counts every area at once, grouped by commissioner: each area's figures
are exactly those its own dashboard shows (checked figure by figure on areas with every kind of
SAS record, and by hand for a few), and the view costs the same number of queries for 2 areas
as for 8."""

import pytest

from gateway.insight import national, sections_glance
from gateway.insight.queries import national as national_queries
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.insight.sections import sas as sas_section
from gateway.sas.models import Appeal, Review
from gateway.sas.states import State
from tests.factories import NationalFactory

from .sas_world import Q1, SasWorld, at, d

pytestmark = pytest.mark.django_db
PERIOD = Period(*Q1, "quarter")


def busy_area(people):
    """An area with people on the scheme, removals, deadlines, reviews, appeals, a discharge,
    a death and an unreachable person (every SAS figure has something to count)."""
    w = SasWorld()
    on_scheme = [w.episode(allocated=at(d("2024-03-01"), n % 12)) for n in range(people)]
    old = w.episode(allocated=at(d("2021-06-30")))
    placed = w.episode(notice=at(d("2025-04-02")), allocated=at(d("2025-04-03")))
    w.deadline(placed, "allocation", d("2025-04-03"), due_at=at(d("2025-04-03"), 18),
               met_at=at(d("2025-04-03"), 12))  # fmt: skip
    w.deadline(placed, "written_confirmation", d("2025-04-09"), met_at=at(d("2025-04-10")))
    w.episode(notice=at(d("2025-05-02")))  # still being screened
    w.review(on_scheme[0], d("2025-05-01"), held_on=d("2025-05-01"),
             took_part=Review.HowTookPart.IN_PERSON)  # fmt: skip
    w.review(old, d("2025-05-01"), held_on=d("2025-05-09"))  # late, not heard
    w.appeal(placed, d("2025-04-20"), status=Appeal.Status.DISMISSED, decided_on=d("2025-06-01"),
             panel_due=d("2025-05-30"))  # fmt: skip
    leaving = w.episode(allocated=at(d("2023-01-01")), closed=at(d("2025-05-15")))
    w.discharge(leaving, d("2025-05-20"), at(d("2025-05-15")))
    w.history(leaving, State.DISCHARGED, at(d("2025-05-15")))
    dead = w.episode(allocated=at(d("2023-02-01")), closed=at(d("2025-06-01")),
                     closed_state=State.ENDED_DEATH)  # fmt: skip
    w.history(dead, State.ENDED_DEATH, at(d("2025-06-01")))
    w.unreachable(on_scheme[1], at(d("2025-05-05")))
    w.unreachable(on_scheme[1], at(d("2025-05-06")))
    return w


def figures(section):
    return {figure.definition.key: figure for figure in section.figures}


def test_each_areas_sas_figures_counted_at_once_are_its_own():
    areas = [busy_area(9), busy_area(2), SasWorld()]
    commissioners = [w.commissioner for w in areas]
    grouped = sas_section.sections_by_area(commissioners, PERIOD)
    for commissioner in commissioners:
        own = sas_section.section(Scope(commissioner=commissioner), PERIOD)
        assert grouped[commissioner.pk].figures == own.figures
    busy = figures(grouped[commissioners[0].pk])
    assert busy["sas-on-scheme"].value == 9 + 2  # and the old one and the one placed in April
    assert busy["sas-new-removals"].value == 2
    assert busy["sas-unreachable"].value == 1
    assert busy["sas-deaths"].value == 1
    heard = busy["sas-view-heard"]
    assert (heard.numerator, heard.denominator) == (1, 2)
    assert figures(grouped[commissioners[2].pk])["sas-on-scheme"].value == 0
    assert figures(grouped[commissioners[2].pk])["sas-time-median"].value is None


def test_the_national_view_costs_the_same_queries_for_2_areas_as_for_8(
    django_assert_max_num_queries,
):
    organisation = NationalFactory()
    functions = [sections_glance.section, sas_section.section]
    for _ in range(2):
        busy_area(3)
    with django_assert_max_num_queries(15) as two:
        national.build(national_queries.commissioners(organisation), PERIOD, functions)
    for _ in range(6):
        busy_area(3)
    with django_assert_max_num_queries(len(two.captured_queries)):
        view = national.build(national_queries.commissioners(organisation), PERIOD, functions)
    assert [len(section.tables[0].rows) for section in view.sections] == [8 + 1, 8 + 1]
