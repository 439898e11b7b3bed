"""What every insight page, chart and export is made of. Figures are computed by the
queries (in the database, scoped to what the viewer may see) and handed to presenters,
charts and exports in these shapes, so one figure has one definition everywhere.

A Figure is one number with its definition in plain words and where the rule comes from.
A Table is rows of numbers with the same. A Section is one part of the dashboard (SAS, GP
registration, multiple disadvantage, equality). Nothing here holds a person: `people_url`
is a link to a scoped list for viewers allowed to see people, and is None for everyone else
(the national view never has one)."""

from dataclasses import dataclass, field

COUNT = "count"
PERCENT = "percent"
DAYS = "days"


@dataclass(frozen=True)
class Definition:
    key: str  # stable, used in URLs (#anchors) and export sheets
    title: str
    meaning: str  # what is counted, in plain words, including the boundaries
    source: str = ""  # the rule or policy the figure measures, if any


@dataclass(frozen=True)
class Figure:
    definition: Definition
    value: float | int | None  # None: nothing to measure in the period
    unit: str = COUNT
    numerator: int | None = None  # for percentages: how many of how many
    denominator: int | None = None
    people_url: str | None = None
    headline: bool = False


@dataclass(frozen=True)
class Table:
    definition: Definition
    columns: list[str]  # headings; the first column names the row
    rows: list[list]  # cells: str for row names, int/float/None for figures
    unit: str = COUNT
    people_urls: list[str | None] = field(default_factory=list)  # one per row, or empty
    # What each figure column counts, when its columns are figures of their own (the national
    # view: a column per figure): one per column (None for the column naming the row), or empty.
    column_definitions: list[Definition | None] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    definition: Definition
    svg: str  # drawn on the server (gateway/insight/charts.py); no JavaScript
    summary: str  # the chart's message in words, for everyone
    table: Table  # the same figures as an accessible table


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def no_one(_definition):
    """No link to the people behind a figure: the national view shows figures only, with no
    viewer to link for."""
    return None


def sections_of_areas(commissioners, counted, key, title, figures_of):
    """{commissioner pk: the section of their area} from {pk: what was counted for it}, each
    area's figures made by figures_of(counted, people) with no links to people."""
    return {
        c.pk: Section(key=key, title=title, figures=figures_of(counted[c.pk], no_one))
        for c in commissioners
    }
