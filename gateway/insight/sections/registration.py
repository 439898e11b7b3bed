"""The GP registration section of the dashboard: referrals, time to registration, refusals
(those on grounds that are not reasonable first and counted on their own), prison leavers
registered before release and first appointments, for one scope and period. Three queries,
whatever the number of referrals."""

from ..definitions import registration as d
from ..figures import DAYS, Figure, Section, Table
from ..links import people_url
from ..queries import registration, registration_summary
from ..rules.shares import share

KEY = "registration"
TITLE = "GP registration"
NOT_REASONABLE = "No: not a reasonable ground"


def section(scope, period):
    referrers = registration.by_referrer(scope, period)
    totals = registration_summary.totals(scope, period)
    waits, leavers, appointments = totals["waits"], totals["leavers"], totals["appointments"]
    by_practice, by_reason = registration_summary.refusals(scope, period)

    def people(definition):
        return {"people_url": people_url(scope, period, definition.key)}

    figures = [
        Figure(d.REFERRALS, sum(row[1] for row in referrers), **people(d.REFERRALS)),
        Figure(d.REGISTERED, waits["registered"], **people(d.REGISTERED)),
        Figure(d.TIME_MEDIAN, waits["median_days"], DAYS),
        Figure(d.REFUSALS, sum(row[1] for row in by_practice), **people(d.REFUSALS)),
        Figure(d.UNREASONABLE, sum(row[2] for row in by_practice), **people(d.UNREASONABLE)),
        share(d.PRISON_LEAVERS, leavers["registered_by_release"], leavers["released"],
              **people(d.PRISON_LEAVERS)),
        share(d.FIRST_APPOINTMENT, appointments["attended"], appointments["due"],
              **people(d.FIRST_APPOINTMENT)),
    ]  # fmt: skip
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
