"""What the insight pages show, in words: a figure's value ("75%", "430 days"), how it was
worked out ("3 of 4 reviews"), and a table cell."""

from gateway.core.formats import long_date, time_of_day

from .figures import DAYS, PERCENT

NOTHING_TO_MEASURE = "Nothing to measure in the period"
NO_VALUE = "–"
DAYS_IN_YEAR = 365.25
DAYS_IN_MONTH = DAYS_IN_YEAR / 12


def number(value):
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    return f"{value:,}"


def figure_value(figure):
    if figure.value is None:
        return NOTHING_TO_MEASURE
    if figure.unit == PERCENT:
        return f"{number(figure.value)}%"
    if figure.unit == DAYS:
        days = round(figure.value)
        return f"{days:,} day{'s' if days != 1 else ''}"
    return number(figure.value)


def figure_detail(figure):
    """How the value was worked out, or what it is roughly, in words; "" when the value says
    it all."""
    if figure.unit == PERCENT:
        if not figure.denominator:
            return ""
        return f"{figure.numerator:,} of {figure.denominator:,}"
    if figure.unit == DAYS and figure.value is not None:
        return f"About {duration(figure.value)}"
    return ""


def duration(days):
    """430 days as "1 year and 2 months"."""
    months = int(days // DAYS_IN_MONTH)
    if not months:
        return "less than a month"
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " and ".join(parts)


def cell(value, heading=""):
    """A table cell: counts as numbers, percentages with their sign, nothing as a dash."""
    if value is None:
        return NO_VALUE
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = number(value)
        return f"{shown}%" if heading.startswith("Percentage") else shown
    return str(value)


def period_words(period, sas_practice=None):
    """ "Q3 2025 to 2026: 1 October 2025 to 18 November 2025, all SAS practices"."""
    dates = f"{long_date(period.start)} to {long_date(period.end)}"
    where = sas_practice.name if sas_practice is not None else "all SAS practices"
    if period.kind == "custom":
        return f"{dates}, {where}"
    return f"{period.label}: {dates}, {where}"


def worked_out_words(earliest, latest=None):
    """When kept figures were worked out, in words, and what that means for the reader
    (ADR 0064): figures kept by the daily job leave out what was recorded since."""
    at = time_of_day(earliest)
    if latest is not None and time_of_day(latest) != at:
        at = f"between {at} and {time_of_day(latest)}"
    else:
        at = f"at {at}"
    return (
        f"These figures were worked out {at} today, {long_date(earliest)}. Anything recorded "
        "since then is not in them yet: they are worked out again tomorrow. Downloads are "
        "counted when you download them, so they include it."
    )
