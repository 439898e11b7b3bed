"""The SAS figures of a scope and period, counted in the database: each function is one query
(the median two), whatever the number of episodes; the *_counts aggregates are shared with
queries/sas_summary.py, which the dashboard reads them all together through. The conditions
are public (held, heard, on_time...) so the people behind a figure (queries/people.py) are
listed by exactly the same rule as the figure."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from gateway.comms.models import Message
from gateway.sas.models import Appeal, CustodyPeriod, Deadline, DischargePlan, Review
from gateway.sas.states import BEFORE_ALLOCATION, State

from .common import bounds, episodes, events, months_before, on_scheme_at, sas_practices
from .sas_changes import CHANGE_COUNTS

# Time on the scheme, in bands of months: (label, from months, to months or None).
TIME_BANDS = (
    ("Up to 6 months", 0, 6),
    ("6 months to 1 year", 6, 12),
    ("1 to 2 years", 12, 24),
    ("2 to 3 years", 24, 36),
    ("More than 3 years", 36, None),
)
DECIDED_APPEALS = (Appeal.Status.UPHELD, Appeal.Status.DISMISSED)
TOOK_PART = Review.HowTookPart


def scope_episode_ids(scope):
    return episodes(scope).values("pk")


# --- People on the scheme and how long they have been on it --------------------------------


def time_band(end, months_from, months_to):
    """Condition on annotated episodes: on the scheme at end, for more than months_from
    months and at most months_to months (no upper limit when None)."""
    condition = on_scheme_at(end)
    if months_from:
        condition &= Q(allocated_at__lt=months_before(end, months_from))
    if months_to is not None:
        condition &= Q(allocated_at__gte=months_before(end, months_to))
    return condition


def on_the_scheme(scope, period):
    """People on the scheme at the end of the period and at its start, and by time on it."""
    return with_bands(episodes(scope).aggregate(**on_the_scheme_counts(period)))


def on_the_scheme_counts(period):
    """The aggregates on_the_scheme counts over annotated episodes (with_bands reads them)."""
    start, end = bounds(period)
    counts = {
        "at_end": Count("patient", distinct=True, filter=on_scheme_at(end)),
        "at_start": Count("patient", distinct=True, filter=on_scheme_at(start)),
        "over_1_year": Count("patient", distinct=True, filter=time_band(end, 12, None)),
        "over_3_years": Count("patient", distinct=True, filter=time_band(end, 36, None)),
    }
    for index, (_label, months_from, months_to) in enumerate(TIME_BANDS):
        counts[f"band_{index}"] = Count(
            "patient", distinct=True, filter=time_band(end, months_from, months_to)
        )
    return counts


def with_bands(result):
    result["bands"] = [result.pop(f"band_{index}") for index in range(len(TIME_BANDS))]
    return result


def median_days_on_scheme(scope, period, count):
    """The median time on the scheme, in days, of the count people on it at the end of the
    period: the middle one or two read in allocation order, in the database."""
    if not count:
        return None
    end = bounds(period)[1]
    middle = list(
        episodes(scope)
        .filter(on_scheme_at(end))
        .order_by("allocated_at", "pk")
        .values_list("allocated_at", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    days = [(end - allocated_at).days for allocated_at in middle]
    return sum(days) / len(days)


def on_the_scheme_by_practice(scope, period):
    """(practice, people on the scheme at the end of the period, list capacity) for each SAS
    practice in scope, by name (two queries)."""
    end = bounds(period)[1]
    counts = dict(
        episodes(scope)
        .filter(on_scheme_at(end))
        .order_by()
        .values_list("sas_practice")
        .annotate(people=Count("patient", distinct=True))
    )
    return [
        (practice, counts.get(practice.pk, 0), practice.list_capacity)
        for practice in sas_practices(scope)
    ]


def on_the_scheme_by_quarter(scope, quarters):
    """People on the scheme at the end of each quarter (one query)."""
    result = episodes(scope).aggregate(**on_the_scheme_by_quarter_counts(quarters))
    return [result[f"q{index}"] for index in range(len(quarters))]


def on_the_scheme_by_quarter_counts(quarters):
    return {
        f"q{index}": Count("patient", distinct=True, filter=on_scheme_at(bounds(q)[1]))
        for index, q in enumerate(quarters)
    }


# --- Removals, allocation and written confirmation ------------------------------------------


def notice_in(period):
    start, end = bounds(period)
    return Q(removal_report__notice_given_at__gte=start, removal_report__notice_given_at__lt=end)


def removals_by_practice(scope, period):
    """(removing practice name, removals) with notice given in the period, most first."""
    return list(
        episodes(scope)
        .filter(notice_in(period))
        .order_by()
        .values_list("removal_report__reporting_practice__name")
        .annotate(removals=Count("pk"))
        .order_by("-removals", "removal_report__reporting_practice__name")
    )


def removals_by_screening(scope, period):
    """For each screening route, the removals with notice in the period and where they are
    now: placed on the scheme, declined, still being screened, or closed another way."""
    return list(
        episodes(scope)
        .filter(notice_in(period))
        .order_by()
        .values_list("removal_report__screening_route")
        .annotate(**screening_outcome_counts())
        .order_by("removal_report__screening_route")
    )


def screening_outcome_counts():
    placed = Q(allocated_at__isnull=False)
    declined = Q(state=State.DECLINED)
    screening = Q(state__in=sorted(BEFORE_ALLOCATION))
    return {
        "removals": Count("pk"),
        "placed": Count("pk", filter=placed),
        "declined": Count("pk", filter=declined),
        "screening": Count("pk", filter=screening),
        "other": Count("pk", filter=~placed & ~declined & ~screening),
    }


def due_in(period, now):
    """Condition on deadlines: due in the period, and met or already past (a deadline that
    can still be met is not counted yet)."""
    return Q(due_on__gte=period.start, due_on__lte=period.end, cancelled_at__isnull=True) & (
        Q(met_at__isnull=False) | Q(due_on__lt=timezone.localdate(now)) | Q(due_at__lt=now)
    )


ALLOCATED_IN_TIME = Q(met_at__isnull=False, met_at__lte=F("due_at"))
CONFIRMED_IN_TIME = Q(met_at__isnull=False, met_at__date__lte=F("due_on"))


def removal_targets(scope, period, now):
    """Allocation within the target hours and written confirmation within 7 days."""
    return scope_deadlines(scope).aggregate(**removal_target_counts(period, now))


def scope_deadlines(scope):
    return Deadline.objects.filter(episode__in=scope_episode_ids(scope))


def removal_target_counts(period, now):
    due = due_in(period, now)
    allocation = due & Q(kind="allocation")
    confirmation = due & Q(kind="written_confirmation")
    return {
        "allocations": Count("pk", filter=allocation),
        "allocated_in_time": Count("pk", filter=allocation & ALLOCATED_IN_TIME),
        "confirmations": Count("pk", filter=confirmation),
        "confirmed_in_time": Count("pk", filter=confirmation & CONFIRMED_IN_TIME),
    }


# --- Reviews ------------------------------------------------------------------------------


def held_in(period):
    return Q(status=Review.Status.DECIDED, held_on__gte=period.start, held_on__lte=period.end)


def reviews_due_in(period, today):
    """Scheduled reviews (not exception panels, not cancelled) due in the period that have
    been held or are past their day."""
    return (
        Q(is_exception=False, due_on__gte=period.start, due_on__lte=period.end)
        & ~Q(status=Review.Status.CANCELLED)
        & (Q(status=Review.Status.DECIDED) | Q(due_on__lt=today))
    )


HELD_ON_TIME = Q(status=Review.Status.DECIDED, held_on__lte=F("due_on"))
# The person's own view was heard: they took part in any way, or their view was recorded
# for the review (docs/domain/sas-reviews-and-discharge.md#reviews, Fulfilling Lives South East's
# SAS report: decisions were made without them).
HEARD = Q(patient_took_part__in=[c for c in TOOK_PART.values if c != TOOK_PART.DID_NOT]) | Q(
    patient_view_recorded_at__isnull=False
)


def reviews(scope, period, today):
    return with_took_part(scope_reviews(scope).aggregate(**review_counts(period, today)))


def scope_reviews(scope):
    return Review.objects.filter(episode__in=scope_episode_ids(scope))


def review_counts(period, today):
    held = held_in(period)
    due = reviews_due_in(period, today)
    counts = {
        "held": Count("pk", filter=held),
        "heard": Count("pk", filter=held & HEARD),
        "due": Count("pk", filter=due),
        "on_time": Count("pk", filter=due & HELD_ON_TIME),
        "exception": Count("pk", filter=held & Q(is_exception=True)),
        "discharge": Count("pk", filter=held & Q(decision=Review.Decision.DISCHARGE)),
    }
    for value in TOOK_PART.values:
        counts[f"took_part_{value}"] = Count("pk", filter=held & Q(patient_took_part=value))
    return counts


def with_took_part(result):
    result["took_part"] = [
        (label, result.pop(f"took_part_{value}")) for value, label in TOOK_PART.choices
    ]
    return result


def heard_by_quarter(scope, quarters):
    """(reviews held, heard) in each quarter (one query)."""
    result = scope_reviews(scope).aggregate(**heard_by_quarter_counts(quarters))
    return heard_by_quarter_of(result, quarters)


def heard_by_quarter_counts(quarters):
    counts = {}
    for index, q in enumerate(quarters):
        counts[f"held_{index}"] = Count("pk", filter=held_in(q))
        counts[f"heard_{index}"] = Count("pk", filter=held_in(q) & HEARD)
    return counts


def heard_by_quarter_of(result, quarters):
    return [(result[f"held_{i}"], result[f"heard_{i}"]) for i in range(len(quarters))]


# --- Appeals ------------------------------------------------------------------------------


def panel_due_of_appeal():
    """The day the appeal's panel is due (its newest panel deadline not cancelled)."""
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    return Subquery(panel_due.values("due_on")[:1])


def appeals_with_panel_due(scope):
    return Appeal.objects.filter(episode__in=scope_episode_ids(scope)).annotate(
        panel_due=panel_due_of_appeal()
    )


def decided_in(period):
    return Q(status__in=DECIDED_APPEALS, decided_on__gte=period.start, decided_on__lte=period.end)


# Decided by the day the panel was due (an appeal decided on that day is in time); one
# decided before a panel date was ever set had no clock running against it.
DECIDED_IN_TIME = Q(panel_due__isnull=True) | Q(decided_on__lte=F("panel_due"))


def appeals(scope, period):
    return appeals_with_panel_due(scope).aggregate(**appeal_counts(period))


def appeal_counts(period):
    lodged = Q(received_on__gte=period.start, received_on__lte=period.end)
    decided = decided_in(period)
    return {
        "lodged": Count("pk", filter=lodged),
        "lodged_late": Count("pk", filter=lodged & Q(is_late=True)),
        "decided": Count("pk", filter=decided),
        "upheld": Count("pk", filter=decided & Q(status=Appeal.Status.UPHELD)),
        "dismissed": Count("pk", filter=decided & Q(status=Appeal.Status.DISMISSED)),
        "decided_in_time": Count("pk", filter=decided & DECIDED_IN_TIME),
    }


# --- Leaving the scheme, custody, reaching people, deaths ----------------------------------


def completed_in(period):
    start, end = bounds(period)
    return Q(completed_at__gte=start, completed_at__lt=end)


DISCHARGED_IN_TIME = Q(completed_at__date__lte=F("discharge_by"))


def discharges(scope, period):
    return scope_discharges(scope).aggregate(**discharge_counts(period))


def scope_discharges(scope):
    return DischargePlan.objects.filter(episode__in=scope_episode_ids(scope))


def discharge_counts(period):
    completed = completed_in(period)
    return {
        "completed": Count("pk", filter=completed),
        "in_time": Count("pk", filter=completed & DISCHARGED_IN_TIME),
        "automatic": Count("pk", filter=completed & Q(completed_automatically=True)),
        "step_down": Count("pk", filter=completed & Q(stay_in_touch_months__gt=0)),
    }


def changes(scope, period):
    """What happened to episodes in the period, from their status history (one query)."""
    return events(scope, period).aggregate(**CHANGE_COUNTS)


def in_custody_at_end(period):
    return Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))


def custody(scope, period):
    return scope_custody(scope).aggregate(**custody_counts(period))


def scope_custody(scope):
    return CustodyPeriod.objects.filter(episode__in=scope_episode_ids(scope))


def custody_counts(period):
    return {"in_custody": Count("episode", distinct=True, filter=in_custody_at_end(period))}


def unreachable_messages(scope, period):
    """Messages to people placed on the scheme in scope that reached no one by any route
    (the outbox gave up on every route) in the period."""
    start, end = bounds(period)
    placed = episodes(scope).filter(allocated_at__isnull=False).values("patient")
    return Message.objects.filter(
        kind=Message.Kind.ROUTED,
        status=Message.Status.UNREACHABLE,
        status_changed_at__gte=start,
        status_changed_at__lt=end,
        patient__in=placed,
    )


def unreachable(scope, period):
    return unreachable_messages(scope, period).aggregate(**UNREACHABLE_COUNTS)


UNREACHABLE_COUNTS = {"people": Count("patient", distinct=True), "messages": Count("pk")}
