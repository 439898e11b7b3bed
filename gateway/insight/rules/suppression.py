"""Small-number suppression for figures anyone outside the commissioner may see (the national
view and its exports): a count from 1 to 7 could point to a person, so it is never shown, and
nothing else shown may let it be worked back (docs/adr/0028-small-number-suppression.md,
after NHS England / NHS Digital statistical disclosure control guidance).

The rule for a line of counts with its total (the commissioners in one column of the national
view, and England below them):

1. A count from 1 to 7 is shown as "fewer than 8" (primary suppression). Zero is shown: it
   points to nobody.
2. The total is the sum of the line's counts. If it is from 1 to 7 it is not shown.
3. If the shown total would still let a hidden count be worked out exactly (one hidden count:
   total minus the rest; or every hidden count at the end of its range, like two hidden counts
   whose share of the total is 2, so both are 1), the smallest count of 8 or more is hidden
   too ("not shown": secondary suppression), until no hidden count can be worked out.
4. If no count of 8 or more is left to hide, the total is not shown instead.

What someone who knows this rule learns from a line: a count shown "fewer than 8" is from 1
to 7; a count "not shown" is 8 or more (only those are chosen for secondary suppression); a
total "not shown" is 1 or more. Each hidden count keeps at least two possible values under
all of that (gateway/insight/tests/test_suppression.py checks it by brute force, for any line).

A percentage is shown only where neither the people it counts nor the people it does not are
from 1 to 7, and the counts it is made of are shown (`percentage_shown`).

Pure: plain numbers in, plain values out."""

from dataclasses import dataclass

THRESHOLD = 8  # counts from 1 to THRESHOLD - 1 are never shown
SMALL = "fewer than 8"
NOT_SHOWN = "not shown"
UNBOUNDED = None


@dataclass(frozen=True)
class Line:
    """A line after suppression: each cell is its count, or SMALL or NOT_SHOWN; the same for
    the total."""

    cells: list
    total: object

    @property
    def hidden(self):
        return [i for i, cell in enumerate(self.cells) if cell in (SMALL, NOT_SHOWN)]


def is_small(count):
    """A count that could point to a person: from 1 to 7."""
    return count is not None and 1 <= count < THRESHOLD


# What a reader who knows the rule can tell about a hidden value: (lowest, highest or None).
RANGES = {SMALL: (1, THRESHOLD - 1), NOT_SHOWN: (THRESHOLD, UNBOUNDED)}
HIDDEN_TOTAL_RANGE = (1, UNBOUNDED)


def possible_range(index, labels, hidden_sum_range):
    """The values hidden cell index could take, given the labels of every hidden cell
    ({index: label}) and the range their sum must fall in: (lowest, highest or None)."""
    low, high = RANGES[labels[index]]
    others = [RANGES[label] for i, label in labels.items() if i != index]
    others_low = sum(lo for lo, _ in others)
    others_high = None if any(hi is UNBOUNDED for _, hi in others) else sum(hi for _, hi in others)
    sum_low, sum_high = hidden_sum_range
    if others_high is not None:
        low = max(low, sum_low - others_high)
    if sum_high is not None:
        high = sum_high - others_low if high is UNBOUNDED else min(high, sum_high - others_low)
    return low, high


def can_be_worked_out(labels, hidden_sum_range):
    """Whether any hidden cell has only one possible value."""
    return any(
        low == high for low, high in (possible_range(i, labels, hidden_sum_range) for i in labels)
    )


def suppress_line(counts):
    """Suppress a line of counts (None: nothing to measure, shown as it is) and its total, the
    sum of the counts. Returns a Line."""
    values = [count or 0 for count in counts]
    total = sum(values)
    labels = {i: SMALL for i, count in enumerate(values) if is_small(count)}
    if is_small(total):
        return _line(counts, labels, NOT_SHOWN)
    while labels:
        hidden_sum = total - sum(v for i, v in enumerate(values) if i not in labels)
        if not can_be_worked_out(labels, (hidden_sum, hidden_sum)):
            return _line(counts, labels, total)
        candidates = sorted(
            (v, i) for i, v in enumerate(values) if i not in labels and v >= THRESHOLD
        )
        if not candidates:
            return _line(counts, labels, NOT_SHOWN)
        labels[candidates[0][1]] = NOT_SHOWN
    return _line(counts, labels, total)


def _line(counts, labels, total):
    return Line([labels.get(i, count) for i, count in enumerate(counts)], total)


def suppress_columns(rows, columns):
    """Suppress each of the given columns of rows (lists of cells) as a line, and add a total
    row. rows are not changed; returns (rows, total row) with the other columns' cells as they
    were and None in the total row."""
    result = [list(row) for row in rows]
    total_row = [None] * (len(rows[0]) if rows else 0)
    for column in columns:
        line = suppress_line([row[column] for row in rows])
        for row, cell in zip(result, line.cells, strict=True):
            row[column] = cell
        total_row[column] = line.total
    return result, total_row


def percentage_shown(numerator, denominator, counts_shown=True):
    """Whether a percentage of numerator out of denominator may be shown: the counts it is made
    of are shown, and neither the people counted nor the people not counted are 1 to 7."""
    if not counts_shown or numerator is None or not denominator:
        return False
    return not is_small(numerator) and not is_small(denominator - numerator)
