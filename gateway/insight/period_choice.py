"""The period the national view, the exports and the yearly return cover, chosen from a short
list travelling in the query string as "quarter:2025-04-01" or "year:2025-04-01" (the same
words the commissioner's dashboard uses). A period never runs past today: figures for days
that have not happened would mislead. Anything else in the query string gives the default."""

import datetime

from .rules.periods import Period, financial_year, quarter

PERIOD = "period"
YEAR = "year"
QUARTERS_OFFERED = 8
YEARS_OFFERED = 3


def so_far(period, today):
    """period, ending today at the latest."""
    return Period(period.start, min(period.end, today), period.kind)


def value_of(period):
    return f"{period.kind}:{period.start.isoformat()}"


def choices(today):
    """(value, label) for this quarter and the ones before it, then financial years."""
    quarters = [quarter(today)]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(quarters[-1].previous())
    years = [financial_year(today)]
    while len(years) < YEARS_OFFERED:
        years.append(years[-1].previous())
    return [(value_of(p), so_far(p, today).label) for p in [*quarters, *years]]


def chosen(value, today):
    """The period a query-string value names, if offered; otherwise the quarter so far."""
    kind, _, start = (value or "").partition(":")
    try:
        day = datetime.date.fromisoformat(start)
    except ValueError:
        day = None
    if day is not None and day <= today and value in dict(choices(today)):
        period = quarter(day) if kind == "quarter" else financial_year(day)
        return so_far(period, today)
    return so_far(quarter(today), today)


def last_full_year(today):
    """The last financial year that has ended: the year a return is made for."""
    return financial_year(financial_year(today).start - datetime.timedelta(days=1))


def return_year(value, today):
    """The financial year starting in April of the year value names (like "2025"), if it has
    ended and is one of the last YEARS_OFFERED; otherwise the last one that has ended."""
    latest = last_full_year(today)
    try:
        start_year = int(value)
    except (TypeError, ValueError):
        return latest
    if latest.start.year - YEARS_OFFERED < start_year <= latest.start.year:
        return financial_year(datetime.date(start_year, 4, 1))
    return latest


def return_years(today):
    latest = last_full_year(today)
    years = [latest]
    while len(years) < YEARS_OFFERED:
        years.append(years[-1].previous())
    return years
