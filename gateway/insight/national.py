"""NHS England's national view: every commissioner side by side, aggregate figures only, small
numbers suppressed (docs/adr/0028-small-number-suppression.md).

Generic over sections: each section function ``(scope, period) -> Section`` is run for every
commissioner (with no viewer, so no figure links to people), and its figures become one table,
a row per commissioner and England beneath, a column per figure. Counts are suppressed column
by column with England's total; a percentage is shown only where neither the people it counts
nor the people it does not are from 1 to 7, and England's only when every area's is; other
values (a median) only when measured over 8 people or more, and never for England (they do not
add up). The page and every export are built from these tables, so nothing unsuppressed can
leave by another door.

The section's own tables (one area broken down by practice or reason) are not shown here:
the rule is for one total per line (ADR 0028, decision 7).

Queries: one for the list of commissioners, then for a section that counts every area at once
(its ``by_area``) a fixed number whatever the number of areas, and for any other section its
own queries once per commissioner — never growing with how many people and episodes there are.
Every section of the dashboard has a ``by_area``: the scheme at a glance (1 statement) and the
SAS figures (2: every grouped count together, then the medians) grouped by commissioner, GP
registration, multiple disadvantage and equality one statement each (every area's own
subqueries side by side, queries/together.py), so the whole view is 7 statements besides
signing in and the list of commissioners, for 2 areas or 42."""

from dataclasses import dataclass, replace

from . import sections_glance
from .figures import COUNT, PERCENT, Definition, Table
from .queries.scope import Scope
from .rules.suppression import NOT_SHOWN, is_small, percentage_shown, suppress_line
from .sections import SECTIONS as DASHBOARD_SECTIONS

# The sections the national view shows: the scheme at a glance first, then every section of a
# commissioner's dashboard (their figures; their breakdown tables stay in the area's own view).
# Any function (scope, period) -> Section can be added.
SECTIONS = [sections_glance.section, *DASHBOARD_SECTIONS]
ENGLAND = "England"
AREA = "Commissioner"

SUPPRESSION = Definition(
    key="suppression",
    title="Small numbers",
    meaning=(
        "A count from 1 to 7 is shown as 'fewer than 8'. A count, total or percentage 'not "
        "shown' is hidden so that a count from 1 to 7 cannot be worked out from the figures "
        "around it. England is the sum of the areas. A percentage is shown only where neither "
        "the people it counts nor the people it does not are from 1 to 7."
    ),
    source=(
        "NHS Digital, Disclosure control methodology for Hospital Episode Statistics and the "
        "Emergency Care Data Set (2018); Gateway ADR 0028"
    ),
)


@dataclass(frozen=True)
class NationalView:
    period: object
    sections: list  # one Section per section function, each with one side-by-side Table
    definitions: list  # what every column means, and the suppression rule


def build(commissioners, period, section_functions=None, kept=None):
    """The national view of period for the commissioners given (in order). kept: {pk: the
    area's sections, one for each of SECTIONS in order} the daily job kept (ADR 0064), read
    instead of counting."""
    functions = SECTIONS if section_functions is None else section_functions
    areas = list(commissioners)
    sections, definitions = [], []
    for index, function in enumerate(functions):
        if kept is None:
            area_sections = sections_of_areas(function, areas, period)
        else:
            area_sections = [kept[c.pk][index] for c in areas]
        if not area_sections:
            continue
        sections.append(side_by_side([c.name for c in areas], area_sections))
        for section in area_sections:
            definitions += [
                f.definition for f in section.figures if f.definition not in definitions
            ]
    return NationalView(period, sections, [*definitions, SUPPRESSION])


def sections_of_areas(function, areas, period):
    """The section function's section for each area, in order: all areas at once when the
    section can count them grouped by commissioner (its ``by_area``), a bounded number of
    queries whatever the number of areas; otherwise area by area."""
    grouped = getattr(function, "by_area", None)
    if grouped is None:
        return [function(Scope(commissioner=c), period) for c in areas]
    if not areas:
        return []
    sections = grouped(areas, period)
    return [sections[c.pk] for c in areas]


def side_by_side(names, area_sections):
    """One section's figures for each area (named in names) as one suppressed table. Figures
    are matched by their definition, so an area missing one has nothing to measure there."""
    first = area_sections[0]
    keyed = [{f.definition.key: f for f in section.figures} for section in area_sections]
    examples = {}
    for section in area_sections:
        for figure in section.figures:
            examples.setdefault(figure.definition.key, figure)
    columns, column_definitions = [AREA], [None]
    cells = [[name] for name in names]
    england = [ENGLAND]
    for key, example in examples.items():
        nothing = replace(example, value=None, numerator=None, denominator=None)
        shown, total = column([figures.get(key, nothing) for figures in keyed])
        columns.append(heading(example))
        column_definitions.append(example.definition)
        for row, cell in zip(cells, shown, strict=True):
            row.append(cell)
        england.append(total)
    definition = Definition(
        key=f"national-{first.key}",
        title=f"{first.title} by area",
        meaning=f"{first.title}, for each commissioner's area side by side, and England.",
        source=SUPPRESSION.source,
    )
    table = Table(
        definition,
        columns,
        [*cells, england],
        unit=COUNT,
        column_definitions=column_definitions,
    )
    return replace(first, figures=[], tables=[table], charts=[])


def heading(figure):
    return f"{figure.definition.title} (%)" if figure.unit == PERCENT else figure.definition.title


def column(figures):
    """(cells for each area, England's cell) for one figure across the areas."""
    unit = figures[0].unit
    if unit == COUNT:
        line = suppress_line([figure.value for figure in figures])
        return line.cells, line.total
    if unit == PERCENT:
        return percentages(figures)
    return [measured_over(figure) for figure in figures], None


def percentages(figures):
    cells = []
    for figure in figures:
        if not figure.denominator:
            cells.append(None)  # nothing to measure
        elif percentage_shown(figure.numerator, figure.denominator):
            cells.append(figure.value)
        else:
            cells.append(NOT_SHOWN)
    numerator = sum(figure.numerator or 0 for figure in figures)
    denominator = sum(figure.denominator or 0 for figure in figures)
    if not denominator:
        return cells, None
    if NOT_SHOWN in cells or not percentage_shown(numerator, denominator):
        return cells, NOT_SHOWN
    return cells, round(100 * numerator / denominator, 1)


def measured_over(figure):
    """A value over people (a median) is shown only when measured over 8 people or more."""
    if figure.value is None or not is_small(figure.denominator):
        return figure.value
    return NOT_SHOWN
