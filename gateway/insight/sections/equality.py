"""The equality section of the dashboard: the people behind the SAS, GP registration and
multiple-disadvantage figures, broken down by sex, age band and ethnic group, and how often
the ethnic group is recorded. One query, whatever the number of people."""

from ..definitions import equality as d
from ..figures import Section, Table
from ..queries import equality
from ..rules.shares import share

KEY = "equality"
TITLE = "Equality"
COLUMNS = ["Anyone counted", *(heading for _key, heading in equality.SETS)]
NOT_RECORDED = "Not known"


def section(scope, period):
    sets = equality.people_sets(scope, period)
    by_sex, by_age, by_ethnic_group = equality.breakdowns(sets, period)
    counted = sum(row[1] for row in by_ethnic_group)
    not_recorded = sum(row[1] for row in by_ethnic_group if row[0] == NOT_RECORDED)
    return Section(
        key=KEY,
        title=TITLE,
        figures=[share(d.ETHNICITY_RECORDED, counted - not_recorded, counted)],
        tables=[
            _table(d.BY_SEX, "Sex", by_sex),
            _table(d.BY_AGE, "Age on the last day", by_age),
            _table(d.BY_ETHNICITY, "Ethnic group", by_ethnic_group),
        ],
    )


def _table(definition, heading, rows):
    return Table(definition, [heading, *COLUMNS], [list(row) for row in rows])
