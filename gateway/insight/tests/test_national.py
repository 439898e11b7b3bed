"""The national view: the scheme at a glance counted against hand-worked data, every
commissioner side by side with small numbers suppressed, at a number of queries that does not
grow with the data."""

import pytest

from gateway.insight import national, sections_glance
from gateway.insight.figures import COUNT, DAYS, PERCENT, Definition, Figure, Section
from gateway.insight.queries import national as national_queries
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.insight.rules.suppression import NOT_SHOWN, SMALL
from gateway.sas.models import Review
from tests.factories import NationalFactory

from .national_world import Q1, Area, at, d, hand_worked

pytestmark = pytest.mark.django_db
PERIOD = Period(*Q1, kind="quarter")


def values(section):
    return {figure.definition.key: figure for figure in section.figures}


def test_the_scheme_at_a_glance_against_hand_worked_data():
    area = Area()
    hand_worked(area)
    Area().on_scheme(4)  # another area's people are not counted
    figures = values(sections_glance.section(Scope(commissioner=area.commissioner), PERIOD))
    assert figures["glance-on-scheme"].value == 3
    assert figures["glance-placed"].value == 2
    assert figures["glance-left"].value == 1
    assert figures["glance-reviews-held"].value == 3
    heard = figures["glance-view-heard"]
    assert (heard.numerator, heard.denominator, heard.value) == (2, 3, 66.7)
    assert heard.unit == PERCENT and heard.headline


def test_nothing_to_measure_is_not_a_misleading_zero_percent():
    area = Area()
    figures = values(sections_glance.section(Scope(commissioner=area.commissioner), PERIOD))
    assert figures["glance-view-heard"].value is None
    assert figures["glance-on-scheme"].value == 0


def test_only_a_national_organisation_gets_the_list_of_commissioners():
    first, second = Area(name="B area"), Area(name="A area")
    assert list(national_queries.commissioners(NationalFactory())) == [
        second.commissioner,
        first.commissioner,
    ]
    assert not national_queries.commissioners(first.commissioner).exists()
    assert not national_queries.commissioners(None).exists()


def test_every_area_side_by_side_with_small_numbers_suppressed():
    small, large, other = Area(name="A small"), Area(name="B large"), Area(name="C other")
    hand_worked(small)  # 3 on the scheme, 2 placed, 1 left, 3 reviews
    large.on_scheme(20)
    other.on_scheme(30)
    view = national.build(
        [small.commissioner, large.commissioner, other.commissioner],
        PERIOD,
        [sections_glance.section],
    )
    (section,) = view.sections
    assert not section.figures and not section.charts
    (table,) = section.tables
    assert table.definition.key == "national-glance"
    assert table.columns[0] == "Commissioner"
    assert table.columns[-1] == "Reviews where the person's own view was heard (%)"
    rows = {row[0]: row[1:] for row in table.rows}
    assert list(rows) == ["A small", "B large", "C other", "England"]
    on_scheme = [rows[name][0] for name in rows]
    # 3 is small; 20 is hidden too, or 53 - 30 would give it away; England is shown.
    assert on_scheme == [SMALL, NOT_SHOWN, 30, 53]
    placed = [rows[name][1] for name in rows]
    assert placed == [SMALL, 0, 0, NOT_SHOWN]  # nothing of 8 or more left to hide
    heard = [rows[name][4] for name in rows]
    assert heard == [NOT_SHOWN, None, None, NOT_SHOWN]  # 2 of 3: small both ways
    keys = [definition.key for definition in view.definitions]
    assert keys[:2] == ["glance-on-scheme", "glance-placed"] and keys[-1] == "suppression"


def _section(*figures):
    return Section(key="demo", title="Demo", figures=list(figures))


def test_percentages_other_values_and_their_england_cell():
    share = Definition("share", "Share", "A share")
    median = Definition("median", "Median days", "A median")
    areas = [
        _section(
            Figure(share, 50.0, PERCENT, numerator=10, denominator=20),
            Figure(median, 400, DAYS, denominator=20),
        ),
        _section(
            Figure(share, 80.0, PERCENT, numerator=16, denominator=20),
            Figure(median, 90, DAYS, denominator=5),
        ),
    ]
    table = national.side_by_side(["A", "B"], areas).tables[0]
    assert table.columns == ["Commissioner", "Share (%)", "Median days"]
    # B's 4 people not counted are small: its share is hidden, and so is England's.
    assert table.rows == [
        ["A", 50.0, 400],
        ["B", NOT_SHOWN, NOT_SHOWN],
        ["England", NOT_SHOWN, None],
    ]
    areas[1] = _section(
        Figure(share, 60.0, PERCENT, numerator=12, denominator=20),
        Figure(median, 90, DAYS, denominator=8),
    )
    table = national.side_by_side(["A", "B"], areas).tables[0]
    assert table.rows[1:] == [["B", 60.0, 90], ["England", 55.0, None]]


def test_counts_are_suppressed_per_column():
    count = Definition("n", "People", "People")
    areas = [_section(Figure(count, n, COUNT)) for n in (1, 1, 40, 50)]
    table = national.side_by_side(["A", "B", "C", "D"], areas).tables[0]
    assert [row[1] for row in table.rows] == [SMALL, SMALL, NOT_SHOWN, 50, 92]


@pytest.mark.parametrize("people", [1, 12])
def test_queries_do_not_grow_with_the_data(people, django_assert_max_num_queries):
    areas = [Area(), Area()]
    for area in areas:
        for episode in area.on_scheme(people):
            area.review(episode, d("2025-05-01"))
    organisation = NationalFactory()
    # The glance: one for the commissioners, then two for every area at once.
    with django_assert_max_num_queries(1 + 2):
        view = national.build(
            national_queries.commissioners(organisation), PERIOD, [sections_glance.section]
        )
    assert len(view.sections[0].tables[0].rows) == 3


def test_the_glance_of_every_area_at_once_is_each_areas_own_glance():
    """Counted grouped by commissioner for the national view, each area's figures are the
    ones its own dashboard counts (hand-worked for the first)."""
    worked, busy, empty = Area(name="A"), Area(name="B"), Area(name="C")
    hand_worked(worked)
    for episode in busy.on_scheme(9):
        busy.review(episode, d("2025-05-01"), took_part=Review.HowTookPart.IN_PERSON)
    commissioners = [worked.commissioner, busy.commissioner, empty.commissioner]
    grouped = sections_glance.sections_by_area(commissioners, PERIOD)
    for commissioner in commissioners:
        own = sections_glance.section(Scope(commissioner=commissioner), PERIOD)
        assert grouped[commissioner.pk] == own
    figures = values(grouped[worked.commissioner.pk])
    assert [figures[k].value for k in ("glance-on-scheme", "glance-placed", "glance-left")] == [
        3,
        2,
        1,
    ]
    heard = figures["glance-view-heard"]
    assert (heard.numerator, heard.denominator, heard.value) == (2, 3, 66.7)
    assert values(grouped[busy.commissioner.pk])["glance-reviews-held"].value == 9
    assert values(grouped[empty.commissioner.pk])["glance-view-heard"].value is None


def test_the_glance_costs_the_same_queries_for_2_areas_as_for_8(django_assert_max_num_queries):
    organisation = NationalFactory()
    areas = [Area(name=f"Area {n}") for n in range(2)]
    for area in areas:
        area.review(area.on_scheme(2)[0], d("2025-05-01"))
    with django_assert_max_num_queries(15) as two:
        national.build(
            national_queries.commissioners(organisation), PERIOD, [sections_glance.section]
        )
    areas += [Area(name=f"Area {n}") for n in range(2, 8)]
    for area in areas[2:]:
        area.review(area.on_scheme(2)[0], d("2025-05-01"))
    with django_assert_max_num_queries(len(two.captured_queries)):
        view = national.build(
            national_queries.commissioners(organisation), PERIOD, [sections_glance.section]
        )
    assert len(view.sections[0].tables[0].rows) == 8 + 1  # each area and England


def test_the_whole_national_view_costs_the_same_queries_whatever_the_data(
    django_assert_max_num_queries,
):
    """Every section of the dashboard, side by side: 15 queries, whatever the data."""
    areas = [Area(), Area()]
    organisation = NationalFactory()
    for area in areas:
        area.review(area.on_scheme(1)[0], d("2025-05-01"))
    with django_assert_max_num_queries(15) as few:
        view = national.build(national_queries.commissioners(organisation), PERIOD)
    assert len(view.sections) == len(national.SECTIONS)
    for area in areas:
        for episode in area.on_scheme(12):
            area.review(episode, d("2025-05-01"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        national.build(national_queries.commissioners(organisation), PERIOD)


def test_a_person_on_the_scheme_across_the_periods_end_counts_at_the_end():
    area = Area()
    area.episode(allocated=at(d("2025-06-30"), 23, 59), closed=at(d("2025-07-01"), 0, 1))
    figures = values(sections_glance.section(Scope(commissioner=area.commissioner), PERIOD))
    assert figures["glance-on-scheme"].value == 1
    assert figures["glance-placed"].value == 1
    assert figures["glance-left"].value == 0


def test_an_area_missing_a_figure_has_nothing_to_measure_there():
    count = Definition("n", "People", "People")
    other = Definition("m", "Others", "Others")
    areas = [
        _section(Figure(count, 10, COUNT), Figure(other, 9, COUNT)),
        _section(Figure(count, 12, COUNT)),
    ]
    table = national.side_by_side(["A", "B"], areas).tables[0]
    assert table.columns == ["Commissioner", "People", "Others"]
    assert table.rows == [["A", 10, 9], ["B", 12, None], ["England", 22, 9]]
