"""The SAS section of the dashboard: every figure about the Special Allocation Scheme for one
scope and period, with its definition and (for viewers allowed) the people behind it.
Two queries (queries/sas_summary.py), and one for the SAS practices unless the scope
has them, whatever the number of episodes."""

from django.utils import timezone

from gateway.sas.rules.screening import ROUTES

from .. import charts
from ..definitions import sas as d
from ..figures import COUNT, DAYS, PERCENT, Figure, Section, Table, sections_of_areas
from ..links import people_url
from ..queries import sas, sas_areas, sas_summary
from ..queries.common import practices_in
from ..rules.periods import quarters_up_to

KEY = "sas"
TITLE = "Special Allocation Scheme"
TREND_QUARTERS = 4


def section(scope, period):
    now = timezone.now()

    def people(definition):
        return people_url(scope, period, definition.key)

    quarters = quarters_up_to(period, TREND_QUARTERS)
    totals = sas_summary.totals(scope, period, now, quarters, practices_in(scope))
    scheme, reviews = totals["on_the_scheme"], totals["reviews"]
    appeals, discharges, changes = totals["appeals"], totals["discharges"], totals["changes"]
    custody = totals["custody"]
    removals_by_practice, removals_by_screening = sas_summary.removals(scope, period)
    counted = {
        "scheme": scheme,
        "targets": totals["targets"],
        "reviews": reviews,
        "appeals": appeals,
        "discharges": discharges,
        "changes": changes,
        "unreachable": totals["unreachable"],
        "removals": sum(count for _name, count in removals_by_practice),
        "median": totals["median_days"],
    }
    figures = figures_of(counted, people)
    tables = [
        _by_practice(totals["by_practice"]),
        Table(d.REMOVALS_BY_PRACTICE, ["Removing practice", "Removals"],
              [[name, count] for name, count in removals_by_practice]),
        Table(d.REMOVALS_BY_SCREENING,
              ["What screening said", "Removals", "Placed on the scheme", "Declined",
               "Still being screened", "Closed another way"],
              [[ROUTES.get(route, "Not screened"), *counts]
               for route, *counts in removals_by_screening]),
        Table(d.TOOK_PART, ["How the person took part", "Reviews"],
              [[label, count] for label, count in reviews["took_part"]]),
        Table(d.APPEALS, ["Appeals", "Number"], [
            ["Received", appeals["lodged"]],
            ["Received after the time allowed", appeals["lodged_late"]],
            ["Decided", appeals["decided"]],
            ["Upheld", appeals["upheld"]],
            ["Dismissed", appeals["dismissed"]],
        ]),
        Table(d.DISCHARGES, ["Leaving the scheme", "Number"], [
            ["Decisions to discharge", changes["decided_to_discharge"]],
            ["Discharges completed", discharges["completed"]],
            ["Completed automatically (not registered in time)", discharges["automatic"]],
            ["Stepped down (the SAS practice stays in touch)", discharges["step_down"]],
        ]),
        Table(d.CUSTODY, ["Custody", "People"], [
            ["Went into custody", changes["went_into_custody"]],
            ["Released back to the scheme", changes["released"]],
            ["In custody at the end of the period", custody["in_custody"]],
        ], people_urls=[None, None, people(d.CUSTODY)]),
        Table(d.OTHER_ENDINGS, ["Ending", "Episodes"], [
            ["Overturned on appeal", changes["overturned"]],
            ["Moved to another area's scheme", changes["transferred_out"]],
            ["Placed on the scheme by mistake", changes["registered_by_mistake"]],
        ]),
    ]  # fmt: skip
    return Section(
        key=KEY,
        title=TITLE,
        figures=figures,
        tables=tables,
        charts=[
            _heard_trend(reviews["by_quarter"], quarters),
            _on_scheme_trend(scheme["by_quarter"], quarters),
            _time_bands(scheme),
        ],
    )


def figures_of(counted, people):
    """The section's figures from what was counted (section() for one area, sections_by_area
    for many); people(definition) is the link to the people behind a figure, or None."""
    scheme, targets, reviews = counted["scheme"], counted["targets"], counted["reviews"]
    appeals, discharges = counted["appeals"], counted["discharges"]

    def share(definition, numerator, denominator, **kwargs):
        return Figure(
            definition,
            charts.percent(numerator, denominator),
            PERCENT,
            numerator=numerator,
            denominator=denominator,
            people_url=people(definition),
            **kwargs,
        )

    return [
        share(d.VIEW_HEARD, reviews["heard"], reviews["held"], headline=True),
        Figure(d.ON_SCHEME, scheme["at_end"], people_url=people(d.ON_SCHEME)),
        Figure(d.NEW_REMOVALS, counted["removals"], people_url=people(d.NEW_REMOVALS)),
        share(d.ALLOCATED_IN_TIME, targets["allocated_in_time"], targets["allocations"]),
        share(d.CONFIRMED_IN_TIME, targets["confirmed_in_time"], targets["confirmations"]),
        Figure(d.TIME_MEDIAN, counted["median"], DAYS),
        Figure(d.OVER_1_YEAR, scheme["over_1_year"], people_url=people(d.OVER_1_YEAR)),
        Figure(d.OVER_3_YEARS, scheme["over_3_years"], people_url=people(d.OVER_3_YEARS)),
        share(d.REVIEWS_ON_TIME, reviews["on_time"], reviews["due"]),
        share(d.APPEALS_IN_TIME, appeals["decided_in_time"], appeals["decided"]),
        share(d.DISCHARGED_IN_TIME, discharges["in_time"], discharges["completed"]),
        Figure(d.UNREACHABLE, counted["unreachable"]["people"], people_url=people(d.UNREACHABLE)),
        Figure(d.DEATHS, counted["changes"]["deaths"], people_url=people(d.DEATHS)),
    ]


def sections_by_area(commissioners, period):
    """{commissioner pk: the section's figures for their area} for every area at once, a fixed
    number of queries whatever the number of areas (the national view, which shows the figures
    only, with no viewer and so no links to people)."""
    counted = sas_areas.counted(commissioners, period, timezone.now())
    at_end = {pk: found["at_end"] for pk, found in counted["scheme"].items()}
    counted["median"] = sas_areas.median_days_on_scheme(commissioners, period, at_end)
    by_area = {c.pk: {name: found[c.pk] for name, found in counted.items()} for c in commissioners}
    return sections_of_areas(commissioners, by_area, KEY, TITLE, figures_of)


section.by_area = sections_by_area


def _by_practice(by_practice):
    rows = [
        [practice.name, people, capacity, charts.percent(people, capacity)]
        for practice, people, capacity in by_practice
    ]
    return Table(
        d.ON_SCHEME_BY_PRACTICE,
        ["SAS practice", "People on the scheme", "Capacity", "Percentage of capacity"],
        rows,
    )


def _heard_trend(counts, quarters):
    labels = [q.label for q in quarters]
    values = [charts.percent(heard, held) for held, heard in counts]
    table = Table(
        d.VIEW_HEARD_TREND,
        ["Quarter", "Reviews held", "Own view heard", "Percentage heard"],
        [
            [label, held, heard, value]
            for label, (held, heard), value in zip(labels, counts, values, strict=True)
        ],
        unit=PERCENT,
    )
    summary = charts.trend_summary(
        "The share of reviews where the person's own view was heard", labels, values, PERCENT
    )
    short = [charts.short_label(q) for q in quarters]
    return charts.trend(table, summary=summary, value_title="Percentage heard", labels=short)


def _on_scheme_trend(values, quarters):
    labels = [q.label for q in quarters]
    table = Table(
        d.ON_SCHEME_TREND,
        ["Quarter", "People on the scheme at the end"],
        [[label, value] for label, value in zip(labels, values, strict=True)],
        unit=COUNT,
    )
    summary = charts.trend_summary(
        "The number of people on the scheme at the end of the quarter", labels, values, COUNT
    )
    short = [charts.short_label(q) for q in quarters]
    return charts.trend(table, summary=summary, value_title="People", labels=short)


def _time_bands(scheme):
    rows = [
        [label, count] for (label, *_), count in zip(sas.TIME_BANDS, scheme["bands"], strict=True)
    ]
    table = Table(d.TIME_BANDS, ["Time on the scheme", "People"], rows)
    total = scheme["at_end"]
    if total:
        summary = (
            f"Of {total} {'person' if total == 1 else 'people'} on the scheme at the end of "
            f"the period, {scheme['over_1_year']} had been on it for more than a year and "
            f"{scheme['over_3_years']} for more than 3 years."
        )
    else:
        summary = "Nobody was on the scheme at the end of the period."
    return charts.bars(table, summary=summary, value_title="People")
