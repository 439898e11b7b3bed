"""Calendar arithmetic for the scheme's deadlines: working days in England, calendar days and
months. Pure functions."""

import calendar
import datetime
import functools
from zoneinfo import ZoneInfo

import holidays

ENGLAND = ZoneInfo("Europe/London")


def long_date(day):
    return f"{day.day} {day:%B %Y}"


@functools.cache
def _bank_holidays(year):
    # One frozen set per year: cheap to share between threads, unlike a lazily growing
    # holidays object.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day):
    return day in _bank_holidays(day.year)


def is_working_day(day):
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start, n):
    """The Nth working day after start (start itself never counts). n=0 returns start."""
    if n < 0:
        raise ValueError("Count working days forwards only: n must be 0 or more")
    day = start
    while n:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def previous_working_day(day):
    """day itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def add_days(start, n):
    return start + datetime.timedelta(days=n)


def add_months(start, n):
    """Same day of the month n months on, clamped to the last day of a shorter month."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def local_date(moment):
    """The date in England of a date or an aware datetime."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(ENGLAND)
        return moment.date()
    return moment
