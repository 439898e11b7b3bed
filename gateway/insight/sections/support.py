"""The multiple-disadvantage section of the dashboard: people meeting the definition (by
version), referrals to services and their declines (refuge "needs too high" on its own),
multi-agency actions overdue and deaths, for one scope and period. Three queries, whatever
the number of people; the national view reads every area's figures in one (sections_by_area)."""

from gateway.support.models import Death, ServiceReferral

from ..definitions import support as d
from ..figures import Figure, Section, Table, sections_of_areas
from ..links import people_url
from ..queries import support, support_summary
from ..rules.equality import AGE_BANDS
from ..rules.shares import share

KEY = "support"
TITLE = "Multiple disadvantage"
SERVICE_NAMES = dict(ServiceReferral.ServiceType.choices)
JUDGEMENTS = Death.Judgement


def section(scope, period):
    versions = support.mcn_by_version(scope, period)
    services, reasons = support_summary.referrals(scope, period)
    totals = support_summary.totals(scope, period)
    deaths = totals["deaths"]
    refuge_too_high = sum(
        refuge for code, _label, _declined, refuge in reasons if code == support.NEEDS_TOO_HIGH
    )

    def people(definition):
        return people_url(scope, period, definition.key)

    counted = {
        **totals,
        "meeting_definition": sum(row[-1] for row in versions),
        "refuge_too_high": refuge_too_high,
    }
    figures = figures_of(counted, people)
    tables = [
        Table(
            d.MCN_BY_VERSION,
            ["Version of the definition", "Core needs it asks for", "People"],
            [[_version(number, name), f"{threshold} of 4", people]
             for number, name, threshold, people in versions],
        ),
        Table(
            d.REFERRALS_BY_SERVICE,
            ["Service", "Sent", "Accepted", "Declined", "Waiting", "Withdrawn"],
            [[SERVICE_NAMES[kind], *counts] for kind, *counts in services],
        ),
        Table(
            d.DECLINES_BY_REASON,
            ["Reason for declining", "Declines", "Of them by a refuge"],
            [[label, declined, refuge] for _code, label, declined, refuge in reasons],
        ),
        Table(
            d.DEATHS_BY_AGE,
            ["Age at death", "Deaths"],
            [[label, count]
             for (label, *_), count in zip(AGE_BANDS, deaths["bands"], strict=True)],
        ),
        Table(
            d.DEATH_JUDGEMENTS,
            ["Judgement", "Preventable", "Treatable"],
            [[label, deaths[f"preventable_{value}"], deaths[f"treatable_{value}"]]
             for value, label in JUDGEMENTS.choices],
        ),
    ]  # fmt: skip
    return Section(key=KEY, title=TITLE, figures=figures, tables=tables)


def figures_of(counted, people):
    """The section's figures from what was counted (section() for one area, sections_by_area
    for many); people(definition) is the link to the people behind a figure, or None."""
    actions, deaths = counted["actions"], counted["deaths"]

    def linked(definition):
        return {"people_url": people(definition)}

    return [
        Figure(d.MCN, counted["meeting_definition"], **linked(d.MCN)),
        Figure(d.REFUGE_TOO_HIGH, counted["refuge_too_high"], **linked(d.REFUGE_TOO_HIGH)),
        share(d.ACTIONS_OVERDUE, actions["overdue"], actions["open"], **linked(d.ACTIONS_OVERDUE)),
        Figure(d.DEATHS, deaths["deaths"], **linked(d.DEATHS)),
        share(d.LEARNING_REVIEWS, deaths["reviewed"], deaths["deaths"]),
    ]


def sections_by_area(commissioners, period):
    """{commissioner pk: the section's figures for their area} for every area in one query
    (the national view: figures only, no viewer and so no links to people)."""
    counted = support_summary.by_area(commissioners, period)
    return sections_of_areas(commissioners, counted, KEY, TITLE, figures_of)


section.by_area = sections_by_area


def _version(number, name):
    return f"Version {number}: {name}" if name else f"Version {number}"
