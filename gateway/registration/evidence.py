"""Evidence for commissioners: where registrations happen and where they
fail, for the practices the commissioner commissions. Each table is a title, headers and
rows of plain values, shown on the page and exported as CSV (charts come with reporting).
One aggregate query per table, in the database and bounded by the period (referrals made in
the last year), whatever the number of referrals (ADR 0044).

The daily job keeps every commissioner's tables (services/evidence.py, ADR 0064 update of
session 13): the page and its CSV files read the row kept today by this code (shown), and
aggregate live as above only when there is none."""

import datetime
from dataclasses import asdict, dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from gateway.core.fingerprint import code_version

from .models import KeptEvidence, RegistrationReferral

Status = RegistrationReferral.Status


@dataclass
class Table:
    slug: str
    title: str
    headers: list
    rows: list


PERIOD_DAYS = 365


def period(today=None):
    """The tables cover referrals made in the last year (ADR 0044: bounded by the period, not
    all history). Returns (first day, last day)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=PERIOD_DAYS), today


def _scope(organisation, today=None):
    since, until = period(today)
    return RegistrationReferral.objects.filter(
        practice__commissioner=organisation, referred_on__gte=since, referred_on__lte=until
    )


def _nth(histogram, n):
    """The nth smallest value (from 0) of values given as {value: how many}."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > n:
            return value
    raise IndexError(n)


def _median(histogram):
    """The median of values given as {value: how many}, exactly as statistics.median gives it
    (the middle value, or the mean of the two middle values)."""
    total = sum(histogram.values())
    if total % 2:
        return _nth(histogram, total // 2)
    return (_nth(histogram, total // 2 - 1) + _nth(histogram, total // 2)) / 2


def time_to_registration(organisation, today=None):
    """Grouped in the database by practice and number of days (a few hundred rows at most,
    whatever the number of referrals); the median and longest are read from that."""
    days = ExpressionWrapper(F("registered_on") - F("referred_on"), output_field=DurationField())
    rows = (
        _scope(organisation, today)
        .filter(status=Status.REGISTERED)
        .annotate(days=days)
        .values_list("practice__name", "days")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_practice = {}
    for name, waited, n in rows:
        histogram = per_practice.setdefault(name, {})
        value = max(waited.days, 0)
        histogram[value] = histogram.get(value, 0) + n
    return Table(
        "time-to-registration",
        "Time from referral to registration",
        ["Practice", "Registered", "Median days", "Longest days"],
        [[name, sum(h.values()), _median(h), max(h)] for name, h in sorted(per_practice.items())],
    )


def refusals(organisation, today=None):
    rows = (
        _scope(organisation, today)
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


def referrers(organisation, today=None):
    rows = (
        _scope(organisation, today)
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


def prison_leavers(organisation, today=None):
    """Counted in the database by releasing establishment
    (docs/domain/gp-registration.md#registration-before-release-from-prison: registered by the
    release date, or after it)."""
    before = Q(release_date__isnull=False, registered_on__lte=F("release_date"))
    after = Q(registered_on__isnull=False) & (
        Q(release_date__isnull=True) | Q(registered_on__gt=F("release_date"))
    )
    rows = (
        _scope(organisation, today)
        .filter(is_prison_leaver=True)
        .values_list("releasing_establishment")
        .annotate(
            total=Count("id"),
            by_release=Count("id", filter=before),
            after=Count("id", filter=after),
        )
        .order_by()
    )
    counts = {}
    for establishment, *values in rows:
        row = counts.setdefault(establishment or "Not recorded", [0, 0, 0])
        for i, value in enumerate(values):
            row[i] += value
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


def all_tables(organisation, today=None):
    return [build(organisation, today) for build in TABLES.values()]


def dumped(tables):
    """The tables as plain JSON values, in the order of TABLES."""
    return [asdict(table) for table in tables]


def loaded(values):
    """Tables from dumped()."""
    return [Table(**value) for value in values]


@dataclass
class Evidence:
    """The tables a commissioner is shown, and when the daily job worked them out (None when
    they were counted now, for this request)."""

    tables: list
    worked_out_at: datetime.datetime | None

    def table(self, kind):
        """The table of that slug, or None."""
        return next((table for table in self.tables if table.slug == kind), None)


def kept(organisation, today=None):
    """Evidence the daily job kept for the commissioner today (Europe/London) by this very code
    (core.fingerprint: rows kept before a deploy are never read after it), or None. One
    query reading one row: no referral is read."""
    today = today or timezone.localdate()
    found = (
        KeptEvidence.objects.filter(
            commissioner=organisation, worked_out_on=today, code_version=code_version()
        )
        .values_list("tables", "worked_out_at")
        .first()
    )
    if found is None:
        return None
    tables, worked_out_at = found
    return Evidence(loaded(tables), worked_out_at)


def shown(organisation, today=None):
    """What the page and its CSV files show the commissioner: the evidence kept today, else
    the tables counted now."""
    return kept(organisation, today) or Evidence(all_tables(organisation, today), None)
