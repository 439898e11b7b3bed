"""The equality section of the dashboard: the people behind the SAS, GP registration and
multiple-disadvantage figures, broken down by sex, age band and ethnic group, and how often
the ethnic group is recorded. One query, whatever the number of people; the national view
reads every area's figure in one (sections_by_area)."""

from ..definitions import equality as d
from ..figures import Section, Table
from ..queries import equality
from ..rules.shares import share

KEY = "equality"
TITLE = "Equality"
COLUMNS = ["Anyone counted", *(heading for _key, heading in equality.SETS)]
NOT_RECORDED = equality.NOT_RECORDED


def section(scope, period):
    sets = equality.people_sets(scope, period)
    by_sex, by_age, by_ethnic_group = equality.breakdowns(sets, period)
    counted = sum(row[1] for row in by_ethnic_group)
    not_recorded = sum(row[1] for row in by_ethnic_group if row[0] == NOT_RECORDED)
    return Section(
        key=KEY,
        title=TITLE,
        figures=figures_of(counted - not_recorded, counted),
        tables=[
            _table(d.BY_SEX, "Sex", by_sex),
            _table(d.BY_AGE, "Age on the last day", by_age),
            _table(d.BY_ETHNICITY, "Ethnic group", by_ethnic_group),
        ],
    )


def figures_of(recorded, counted):
    return [share(d.ETHNICITY_RECORDED, recorded, counted)]


def sections_by_area(commissioners, period):
    """{commissioner pk: the section's figure for their area} for every area in one query
    (the national view shows figures only, not the breakdown tables)."""
    found = equality.by_area(commissioners, period)
    return {
        c.pk: Section(
            key=KEY,
            title=TITLE,
            figures=figures_of(found[c.pk]["recorded"], found[c.pk]["counted"]),
        )
        for c in commissioners
    }


section.by_area = sections_by_area


def _table(definition, heading, rows):
    return Table(definition, [heading, *COLUMNS], [list(row) for row in rows])
