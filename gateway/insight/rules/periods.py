"""The period a dashboard, table or return covers.

NHS reporting runs by financial year (1 April to 31 March) and its quarters (Q1 April–June ...
Q4 January–March). A period is whole days, both ends included, and never in the future beyond
today: figures for days that have not happened would be misleading."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gateway.core.formats import long_date


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included
    kind: str = "custom"  # "quarter", "year" or "custom"

    def __post_init__(self):
        if self.end < self.start:
            raise ValidationError("The end of the period must be on or after its start")

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def contains(self, day):
        return day is not None and self.start <= day <= self.end

    @property
    def label(self):
        if self.kind == "year":
            return f"Financial year {financial_year_label(self.start)}"
        if self.kind == "quarter":
            first_quarter_month = (self.start.month - 4) % 12
            return f"Q{first_quarter_month // 3 + 1} {financial_year_label(self.start)}"
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def previous(self):
        """The period of the same kind and length just before this one (for trends)."""
        if self.kind == "year":
            return financial_year(self.start - datetime.timedelta(days=1))
        if self.kind == "quarter":
            return quarter(self.start - datetime.timedelta(days=1))
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)


def financial_year_start(day):
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def financial_year_label(day):
    start = financial_year_start(day)
    return f"{start.year} to {start.year + 1}"


def financial_year(day):
    """The financial year (1 April to 31 March) that day falls in."""
    start = financial_year_start(day)
    return Period(start, datetime.date(start.year + 1, 3, 31), "year")


def quarter(day):
    """The financial quarter that day falls in (Q1 is April to June)."""
    first_month = ((day.month - 1) // 3) * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    next_start = datetime.date(
        start.year + (first_month + 3 > 12), (first_month + 3 - 1) % 12 + 1, 1
    )
    return Period(start, next_start - datetime.timedelta(days=1), "quarter")


def custom(start, end, today):
    """A period a person chose. Refused in plain words when the dates are the wrong way round
    or the period starts in the future."""
    if start > today:
        raise ValidationError("The period must start today or earlier")
    if end < start:
        raise ValidationError("The end of the period must be on or after its start")
    return Period(start, end, "custom")


def quarters_up_to(period, count):
    """The count quarters ending with the one period ends in, oldest first (for trend charts)."""
    result = [quarter(period.end)]
    while len(result) < count:
        result.insert(0, result[0].previous())
    return result
