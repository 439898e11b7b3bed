"""How Gateway shows values to people: dates in '1 January 2026' style in Europe/London time,
NHS numbers as 3 3 4."""

import datetime

from django.utils import timezone


def nhs_number(value):
    if not value:
        return ""
    digits = str(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def long_date(value):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def date_time(value):
    if not value:
        return ""
    return f"{long_date(value)} at {time_of_day(value)}"


def time_of_day(value):
    """ "2:05am", in Europe/London time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{hour}:{local:%M}{local.strftime('%p').lower()}"


def plural(count, singular, plural_form=None):
    """A count with its noun, in the right number: "1 patient", "2 patients", "0 people".
    The plural is singular + "s" unless given ("person", "people")."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"
