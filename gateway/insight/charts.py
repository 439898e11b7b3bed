"""Charts of insight figures: each a Chart (figures.py) holding the SVG drawn by
gateway.core.charts, a summary in words and the same figures as a table, so nobody needs to
see the drawing to get its message."""

import re

from gateway.core import charts as drawing

from .figures import COUNT, PERCENT, Chart

UNIT_WORDS = {COUNT: "Number", PERCENT: "Percentage"}


def bars(table, *, summary, column=1, value_title=None):
    """A bar for each row of table, from its column (the first column names the bars)."""
    definition = table.definition
    svg = drawing.bar_chart(
        definition.key,
        title=definition.title,
        summary=summary,
        categories=[str(row[0]) for row in table.rows],
        values=[row[column] for row in table.rows],
        value_title=value_title or table.columns[column],
        maximum=100 if table.unit == PERCENT else None,
    )
    return Chart(definition=definition, svg=svg, summary=summary, table=table)


def trend(table, *, summary, column=-1, value_title=None, labels=None):
    """A line through the rows of table in order (periods, oldest first), from its column;
    labels: shorter names of the rows for the drawing, if the table's are long."""
    definition = table.definition
    svg = drawing.line_chart(
        definition.key,
        title=definition.title,
        summary=summary,
        labels=labels or [str(row[0]) for row in table.rows],
        values=[row[column] for row in table.rows],
        value_title=value_title or table.columns[column],
        maximum=100 if table.unit == PERCENT else None,
    )
    return Chart(definition=definition, svg=svg, summary=summary, table=table)


def percent(numerator, denominator):
    """numerator as a percentage of denominator to one decimal place; None when there is
    nothing to measure."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def trend_summary(what, labels, values, unit):
    """'{what} was 50% in Q1 2025 to 2026 and 75% in Q4 2025 to 2026.' from the first and last
    periods with a value."""
    known = [
        (label, value) for label, value in zip(labels, values, strict=True) if value is not None
    ]
    if not known:
        return f"There is nothing to show for {what.lower()} in these periods."
    suffix = "%" if unit == PERCENT else ""
    first, last = known[0], known[-1]
    if first is last:
        return f"{what} was {_number(last[1])}{suffix} in {last[0]}."
    return (
        f"{what} was {_number(first[1])}{suffix} in {first[0]} and "
        f"{_number(last[1])}{suffix} in {last[0]}."
    )


def short_label(period):
    """ "Q3 2026 to 2027" as "Q3 2026–27", for the axis of a chart."""
    return re.sub(r" to \d\d(\d\d)$", r"–\1", period.label)


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)
