"""GP registration figures for one scope and period, counted in the database: each function is
one or two queries whatever the number of referrals. They return plain numbers and rows; the
section (gateway/insight/sections_registration.py) gives them their definitions and words.

A referral is in a commissioner's area when the practice it went to is commissioned by them,
or, before a practice is chosen, when the referring organisation is in their area. With one
SAS practice chosen, only referrals to that practice count."""

import datetime

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from gateway.registration.models import RegistrationReferral
from gateway.registration.rules.refusals import NOT_REASONABLE

from ..rules.shares import middle_slice

Status = RegistrationReferral.Status

# Time from referral to registration, in bands of days: (label, from days, to days or None).
WAIT_BANDS = (
    ("The same day", None, 0),
    ("1 to 7 days", 1, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 28 days", 15, 28),
    ("More than 28 days", 29, None),
)

# A refusal on a reason that is not a reasonable ground (the national rules: never for want
# of ID, proof of address or immigration status), as gateway.registration.rules.refusals.
UNREASONABLE = Q(refusal_reason__code__in=sorted(NOT_REASONABLE)) | Q(
    refusal_reason__is_reasonable_ground=False
)


def referrals(scope):
    commissioner = scope.commissioner
    if scope.sas_practice is not None:
        return RegistrationReferral.objects.filter(practice=scope.sas_practice)
    return RegistrationReferral.objects.filter(
        Q(practice__commissioner=commissioner)
        | Q(practice__isnull=True, referring_organisation__commissioner=commissioner)
    )


def _in(field, period):
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def made_in(period):
    return _in("referred_on", period)


def registered_in(period):
    return _in("registered_on", period) & Q(status=Status.REGISTERED)


def refused_in(period):
    return _in("refused_on", period) & Q(status=Status.REFUSED)


def released_in(period):
    return _in("release_date", period)


# Registered with a practice on or before the day of release.
REGISTERED_BY_RELEASE = Q(status=Status.REGISTERED, registered_on__lte=F("release_date"))


def first_appointment_due_in(period):
    return _in("first_appointment_due_on", period) & Q(status=Status.REGISTERED)


def by_referrer(scope, period):
    """For each referring organisation, by name: referrals made in the period and where they
    are now (registered, refused, waiting, withdrawn). One query."""
    return [
        (row["referring_organisation__name"], row["made"], row["registered"], row["refused"],
         row["waiting"], row["withdrawn"])
        for row in referrals(scope)
        .filter(made_in(period))
        .order_by()
        .values("referring_organisation__name")
        .annotate(
            made=Count("pk"),
            registered=Count("pk", filter=Q(status=Status.REGISTERED)),
            refused=Count("pk", filter=Q(status=Status.REFUSED)),
            waiting=Count("pk", filter=Q(status__in=sorted(RegistrationReferral.OPEN_STATUSES))),
            withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        )
        .order_by("referring_organisation__name")
    ]  # fmt: skip


def _waits(scope, period):
    return (
        referrals(scope)
        .filter(registered_in(period))
        .annotate(wait=ExpressionWrapper(F("registered_on") - F("referred_on"), DurationField()))
    )


def _wait_band(low, high):
    condition = Q()
    if low is not None:
        condition &= Q(wait__gte=datetime.timedelta(days=low))
    if high is not None:
        condition &= Q(wait__lte=datetime.timedelta(days=high))
    return condition


def time_to_registration(scope, period):
    """Registrations in the period: how many, how many in each band of days from referral,
    and the median days (two queries: the counts, then the middle one or two waits in
    order)."""
    waits = _waits(scope, period)
    counts = waits.aggregate(**wait_counts())
    middle = middle_slice(counts["registered"])
    median = None
    if middle is not None:
        days = [
            max(wait.days, 0)
            for wait in waits.order_by("wait", "pk").values_list("wait", flat=True)[middle]
        ]
        median = sum(days) / len(days)
    return {
        "registered": counts["registered"],
        "median_days": median,
        "bands": [counts[f"band_{index}"] for index in range(len(WAIT_BANDS))],
    }


def waits(scope, period):
    """Referrals registered in the period, each with its wait from referral (as wait)."""
    return _waits(scope, period)


def wait_counts():
    """Registrations, and of them in each band of days from referral (over waits)."""
    return {
        "registered": Count("pk"),
        **{
            f"band_{index}": Count("pk", filter=_wait_band(low, high))
            for index, (_label, low, high) in enumerate(WAIT_BANDS)
        },
    }


def refusals_by_practice(scope, period):
    """(practice name, refusals in the period, of them on grounds that are not reasonable),
    most refusals first. One query."""
    return list(
        referrals(scope)
        .filter(refused_in(period))
        .order_by()
        .values_list("practice__name")
        .annotate(refused=Count("pk"), unreasonable=Count("pk", filter=UNREASONABLE))
        .order_by("-refused", "practice__name")
    )


def refusals_by_reason(scope, period):
    """(reason, whether it is a reasonable ground, refusals in the period), those that are not
    reasonable first, then most refusals first. One query."""
    rows = (
        referrals(scope)
        .filter(refused_in(period))
        .order_by()
        .values("refusal_reason__label")
        .annotate(refused=Count("pk"), unreasonable=Count("pk", filter=UNREASONABLE))
        .order_by("-unreasonable", "-refused", "refusal_reason__label")
    )
    return [
        (row["refusal_reason__label"] or "No reason given", not row["unreasonable"], row["refused"])
        for row in rows
    ]


def prison_leavers(scope, period):
    """People leaving prison whose release date fell in the period, and of them those
    registered with a practice on or before the day of release
    (docs/domain/gp-registration.md#registration-before-release-from-prison). A person with two
    referrals (a refusal, then another practice) counts once. One query."""
    return prison_leavers_released(scope, period).aggregate(**PRISON_LEAVER_COUNTS)


def prison_leavers_released(scope, period):
    return referrals(scope).filter(released_in(period), is_prison_leaver=True)


PRISON_LEAVER_COUNTS = {
    "released": Count("patient", distinct=True),
    "registered_by_release": Count("patient", distinct=True, filter=REGISTERED_BY_RELEASE),
}


def first_appointments(scope, period):
    """First appointments due in the period after a registration, and how many the person is
    recorded as having attended. One query."""
    return referrals(scope).filter(first_appointment_due_in(period)).aggregate(**APPOINTMENT_COUNTS)


APPOINTMENT_COUNTS = {
    "due": Count("pk"),
    "attended": Count("pk", filter=Q(first_appointment_attended_on__isnull=False)),
}
