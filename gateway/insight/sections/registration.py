"""The GP registration section of the dashboard: referrals, time to registration, refusals
(those on grounds that are not reasonable first and counted on their own), prison leavers
registered before release and first appointments, for one scope and period. Three queries,
whatever the number of referrals; the national view reads every area's figures in one
(sections_by_area)."""

from ..definitions import registration as d
from ..figures import DAYS, Figure, Section, Table, sections_of_areas
from ..links import people_url
from ..queries import registration, registration_summary
from ..rules.shares import share

KEY = "registration"
TITLE = "GP registration"
NOT_REASONABLE = "No: not a reasonable ground"


def section(scope, period):
    referrers = registration.by_referrer(scope, period)
    totals = registration_summary.totals(scope, period)
    waits = totals["waits"]
    by_practice, by_reason = registration_summary.refusals(scope, period)

    def people(definition):
        return people_url(scope, period, definition.key)

    counted = {
        **totals,
        "referrals": sum(row[1] for row in referrers),
        "refusals": sum(row[1] for row in by_practice),
        "unreasonable": sum(row[2] for row in by_practice),
    }
    figures = figures_of(counted, people)
    tables = [
        Table(
            d.BY_REFERRER,
            ["Referring organisation", "Referrals", "Registered", "Refused", "Waiting",
             "Withdrawn"],
            [list(row) for row in referrers],
        ),
        Table(
            d.TIME_BANDS,
            ["Days from referral to registration", "Registrations"],
            [[label, count]
             for (label, *_), count in zip(registration.WAIT_BANDS, waits["bands"], strict=True)],
        ),
        Table(
            d.REFUSALS_BY_PRACTICE,
            ["Practice", "Refusals", "Not on reasonable grounds"],
            [list(row) for row in by_practice],
        ),
        Table(
            d.REFUSALS_BY_REASON,
            ["Reason given", "Reasonable ground", "Refusals"],
            [[reason, "Yes" if reasonable else NOT_REASONABLE, count]
             for reason, reasonable, count in by_reason],
        ),
    ]  # fmt: skip
    return Section(key=KEY, title=TITLE, figures=figures, tables=tables)


def figures_of(counted, people):
    """The section's figures from what was counted (section() for one area, sections_by_area
    for many); people(definition) is the link to the people behind a figure, or None."""
    waits, leavers, appointments = counted["waits"], counted["leavers"], counted["appointments"]

    def linked(definition):
        return {"people_url": people(definition)}

    return [
        Figure(d.REFERRALS, counted["referrals"], **linked(d.REFERRALS)),
        Figure(d.REGISTERED, waits["registered"], **linked(d.REGISTERED)),
        Figure(d.TIME_MEDIAN, waits["median_days"], DAYS),
        Figure(d.REFUSALS, counted["refusals"], **linked(d.REFUSALS)),
        Figure(d.UNREASONABLE, counted["unreasonable"], **linked(d.UNREASONABLE)),
        share(d.PRISON_LEAVERS, leavers["registered_by_release"], leavers["released"],
              **linked(d.PRISON_LEAVERS)),
        share(d.FIRST_APPOINTMENT, appointments["attended"], appointments["due"],
              **linked(d.FIRST_APPOINTMENT)),
    ]  # fmt: skip


def sections_by_area(commissioners, period):
    """{commissioner pk: the section's figures for their area} for every area in one query
    (the national view: figures only, no viewer and so no links to people)."""
    counted = registration_summary.by_area(commissioners, period)
    return sections_of_areas(commissioners, counted, KEY, TITLE, figures_of)


section.by_area = sections_by_area
