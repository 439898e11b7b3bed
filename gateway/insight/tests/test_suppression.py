"""Small-number suppression (gateway/insight/rules/suppression.py, ADR 0028): worked examples,
and the property that matters — whatever the counts, nobody who knows the rule can work a
hidden count (or a hidden total) back from what is shown. The check is a brute-force search
over every table consistent with the shown line, independent of the rule's own arithmetic."""

from hypothesis import example, given
from hypothesis import strategies as st

from gateway.insight.rules.suppression import (
    NOT_SHOWN,
    SMALL,
    is_small,
    percentage_shown,
    suppress_columns,
    suppress_line,
)

# --- What a reader who knows the rule can work out ----------------------------------------


def _sums(domains, limit):
    """Every sum one value from each domain can make, up to limit."""
    sums = {0}
    for domain in domains:
        sums = {s + v for s in sums for v in domain if s + v <= limit}
    return sums


def possible_values(line, limit):
    """For each hidden cell (by index) and for a hidden total ("total"), every value it could
    have, given what is shown and the rule: "fewer than 8" is 1 to 7, a hidden count "not
    shown" is 8 or more, a hidden total is 1 or more. Values above limit are not tried (which
    can only make fewer values possible, so the check stays strict)."""
    shown = sum(cell for cell in line.cells if isinstance(cell, int))
    domains = {
        i: range(1, 8) if cell == SMALL else range(8, limit + 1)
        for i, cell in enumerate(line.cells)
        if cell in (SMALL, NOT_SHOWN)
    }
    totals = range(1, limit + 1) if line.total == NOT_SHOWN else [line.total]
    found = {}
    for index, domain in domains.items():
        others = _sums([d for i, d in domains.items() if i != index], limit)
        found[index] = {v for v in domain if any(total - shown - v in others for total in totals)}
    if line.total == NOT_SHOWN:
        every = _sums(list(domains.values()), limit)
        found["total"] = {t for t in totals if t - shown in every}
    return found


def assert_nothing_can_be_worked_out(counts):
    line = suppress_line(counts)
    values = [count or 0 for count in counts]
    limit = sum(values) + 20
    for where, possible in possible_values(line, limit).items():
        true = sum(values) if where == "total" else values[where]
        assert true in possible, (counts, line, where)  # the search is sound
        assert len(possible) >= 2, f"{counts} shown as {line}: {where} can only be {possible}"


# --- Worked examples ---------------------------------------------------------------------


def test_small_counts_show_as_fewer_than_8_and_zero_is_shown():
    line = suppress_line([0, 7, 8, 20, 35])
    assert line.cells[:2] == [0, SMALL]
    assert 8 in line.cells and 20 in line.cells or NOT_SHOWN in line.cells


def test_one_small_count_hides_the_smallest_count_of_8_or_more_too():
    # 40 - 20 - 15 would give the 5 away: the 15 is hidden as well.
    line = suppress_line([5, 15, 20])
    assert line.cells == [SMALL, NOT_SHOWN, 20]
    assert line.total == 40


def test_two_ones_would_be_given_away_by_their_share_of_the_total():
    # 2 left for two counts of at least 1: both are 1, so a count of 8 or more is hidden too.
    line = suppress_line([1, 1, 30, 40])
    assert line.cells == [SMALL, SMALL, NOT_SHOWN, 40]


def test_two_different_small_counts_need_nothing_more():
    line = suppress_line([3, 5, 30])
    assert line.cells == [SMALL, SMALL, 30]
    assert line.total == 38


def test_with_nothing_left_to_hide_the_total_is_not_shown():
    # Two 7s with a total of 14: both would be 7. No count of 8 or more to hide beside them.
    line = suppress_line([7, 7, 0])
    assert line.cells == [SMALL, SMALL, 0]
    assert line.total == NOT_SHOWN
    # Eight 1s: a total of 8 would give every one of them away.
    assert suppress_line([1] * 8).total == NOT_SHOWN
    # 4 and 6 make 10 many ways: the total stays.
    assert suppress_line([4, 6, 0]).total == 10


def test_a_small_total_is_not_shown():
    line = suppress_line([1, 1, 1, 1, 1, 1, 1])
    assert line.cells == [SMALL] * 7
    assert line.total == NOT_SHOWN  # "fewer than 8" would give every one of them away


def test_no_small_counts_hides_nothing():
    line = suppress_line([0, 8, 12, None])
    assert line.cells == [0, 8, 12, None]
    assert line.total == 20


def test_columns_suppress_separately_with_a_total_row():
    rows = [["Area A", 3, 40], ["Area B", 50, 41], ["Area C", 60, 0]]
    shown, total = suppress_columns(rows, [1, 2])
    assert [row[1] for row in shown] == [SMALL, NOT_SHOWN, 60]
    assert [row[2] for row in shown] == [40, 41, 0]
    assert total == [None, 113, 81]
    assert rows[0][1] == 3  # the rows given are not changed


def test_percentages_only_when_neither_side_is_small():
    assert percentage_shown(10, 20)
    assert not percentage_shown(3, 20)  # 3 people
    assert not percentage_shown(15, 20)  # 5 people not counted
    assert percentage_shown(0, 8) and percentage_shown(8, 8)
    assert not percentage_shown(10, 20, counts_shown=False)
    assert not percentage_shown(None, 20) and not percentage_shown(0, 0)


def test_is_small():
    assert [is_small(n) for n in (None, 0, 1, 7, 8)] == [False, False, True, True, False]


# --- The property ---------------------------------------------------------------------

counts = st.one_of(st.integers(0, 9), st.integers(0, 40), st.none())


@given(st.lists(counts, min_size=1, max_size=8))
@example([1, 1, 30, 40])
@example([1, 1, 8, 8])
@example([7, 7, 8])
@example([7, 7, 0])
@example([1] * 8)
@example([1, 1, 1, 1, 1, 1, 1])
@example([5, 15, 20])
@example([1, 8])
def test_no_hidden_value_can_be_worked_out_from_what_is_shown(line_counts):
    assert_nothing_can_be_worked_out(line_counts)


@given(st.lists(counts, min_size=1, max_size=7))
def test_small_counts_are_never_shown_and_secondary_ones_are_8_or_more(line_counts):
    line = suppress_line(line_counts)
    for count, cell in zip(line_counts, line.cells, strict=True):
        assert not is_small(cell if isinstance(cell, int) else None)
        if is_small(count):
            assert cell == SMALL
        if cell == NOT_SHOWN:
            assert count >= 8
    assert line.total == NOT_SHOWN or not is_small(line.total)
