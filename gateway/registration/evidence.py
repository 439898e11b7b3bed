"""Evidence for commissioners: where registrations happen and where they
fail, for the practices the commissioner commissions. Each table is a title, headers and
rows of plain values, shown on the page and exported as CSV (charts come with reporting).
A fixed number of queries per table, whatever the number of referrals."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import RegistrationReferral
from .rules.dates import registered_before_release

Status = RegistrationReferral.Status


@dataclass
class Table:
    slug: str
    title: str
    headers: list
    rows: list


def _scope(organisation):
    return RegistrationReferral.objects.filter(practice__commissioner=organisation)


def time_to_registration(organisation):
    days = {}
    rows = (
        _scope(organisation)
        .filter(status=Status.REGISTERED)
        .values_list("practice__name", "referred_on", "registered_on")
    )
    for name, referred_on, registered_on in rows:
        days.setdefault(name, []).append(max((registered_on - referred_on).days, 0))
    return Table(
        "time-to-registration",
        "Time from referral to registration",
        ["Practice", "Registered", "Median days", "Longest days"],
        [
            [name, len(values), statistics.median(values), max(values)]
            for name, values in sorted(days.items())
        ],
    )


def refusals(organisation):
    rows = (
        _scope(organisation)
        .filter(status=Status.REFUSED)
        .values("practice__name", "refusal_reason__label", "refusal_reason__is_reasonable_ground")
        .annotate(n=Count("id"))
        .order_by("practice__name", "refusal_reason__label")
    )
    return Table(
        "refusals",
        "Refusals by practice and reason",
        ["Practice", "Reason", "Reasonable ground", "Refusals"],
        [
            [
                r["practice__name"],
                r["refusal_reason__label"],
                "Yes" if r["refusal_reason__is_reasonable_ground"] else "No",
                r["n"],
            ]
            for r in rows
        ],
    )


def referrers(organisation):
    rows = (
        _scope(organisation)
        .values("referring_organisation__name")
        .annotate(
            total=Count("id"),
            registered=Count("id", filter=Q(status=Status.REGISTERED)),
            refused=Count("id", filter=Q(status=Status.REFUSED)),
            waiting=Count("id", filter=Q(status=Status.SENT)),
        )
        .order_by("referring_organisation__name")
    )
    return Table(
        "referrers",
        "Referrals by referring organisation",
        ["Referring organisation", "Referrals", "Registered", "Refused", "Waiting"],
        [
            [
                r["referring_organisation__name"],
                r["total"],
                r["registered"],
                r["refused"],
                r["waiting"],
            ]
            for r in rows
        ],
    )


def prison_leavers(organisation):
    counts = {}
    rows = (
        _scope(organisation)
        .filter(is_prison_leaver=True)
        .values_list("releasing_establishment", "release_date", "registered_on")
    )
    for establishment, release_date, registered_on in rows:
        row = counts.setdefault(establishment or "Not recorded", [0, 0, 0])
        row[0] += 1
        if registered_before_release(release_date, registered_on):
            row[1] += 1
        elif registered_on is not None:
            row[2] += 1
    return Table(
        "prison-leavers",
        "Prison leavers registered before release",
        ["Releasing establishment", "Prison leavers", "Registered by release", "Registered after"],
        [[name, *values] for name, values in sorted(counts.items())],
    )


TABLES = {
    "time-to-registration": time_to_registration,
    "refusals": refusals,
    "referrers": referrers,
    "prison-leavers": prison_leavers,
}


def all_tables(organisation):
    return [build(organisation) for build in TABLES.values()]
