"""The GP registration figures of a scope and period in two queries besides the referrers
table, whatever the number of referrals: the totals (registrations and their waits with the
median, prison leavers, first appointments) in one statement (queries/together.py), and the
refusals grouped by practice and reason once. Each count is the aggregate the single-figure
functions in queries/registration.py use, so the two cannot disagree (tested). by_area reads
the figures of every area for the national view in one statement."""

from django.db import connection
from django.db.models import Count, F, Max, Min, OuterRef, Subquery, Value

from gateway.registration.models import RefusalReason

from . import registration
from .scope import Scope
from .together import DaysBetween, middle, read_for_areas, read_together, row_of

DAYS = DaysBetween("registered_on", "referred_on")


def totals(scope, period):
    """{"waits": as time_to_registration, "leavers": as prison_leavers, "appointments": as
    first_appointments}. One query."""
    return totals_of(read_together(scope.commissioner, **totals_rows(scope, period)))


def totals_rows(scope, period):
    """The subqueries totals() reads together, one JSON object each."""
    waits = registration.waits(scope, period)
    in_the_middle = registration.referrals(scope).filter(
        pk__in=middle(waits.annotate(days=DAYS), F("days").asc(), F("pk").asc())
    )
    return {
        "waits": row_of(waits, **registration.wait_counts()),
        "middle": row_of(
            in_the_middle.annotate(days=DAYS),
            rows=Count("pk"),
            first=Min("days"),
            last=Max("days"),
        ),
        "leavers": row_of(
            registration.prison_leavers_released(scope, period),
            **registration.PRISON_LEAVER_COUNTS,
        ),
        "appointments": row_of(
            registration.referrals(scope).filter(registration.first_appointment_due_in(period)),
            **registration.APPOINTMENT_COUNTS,
        ),
    }


def totals_of(rows):
    """totals() from the rows read."""
    counts = rows["waits"]
    waits = {
        "registered": counts["registered"],
        "median_days": median_days(rows["middle"]),
        "bands": [counts[f"band_{index}"] for index in range(len(registration.WAIT_BANDS))],
    }
    return {"waits": waits, "leavers": rows["leavers"], "appointments": rows["appointments"]}


def by_area(commissioners, period):
    """{commissioner pk: the section's figures' counts for their area}, every area in one
    statement (the national view): totals() and the counts the referrers and refusals tables
    add up to (referrals made in the period, refusals and those not on reasonable grounds),
    with the aggregates those tables use."""

    def rows_of_area(commissioner):
        scope = Scope(commissioner=commissioner)
        referrals = registration.referrals(scope)
        return {
            **totals_rows(scope, period),
            "made": row_of(referrals.filter(registration.made_in(period)), made=Count("pk")),
            "refused": row_of(
                referrals.filter(registration.refused_in(period)),
                refused=Count("pk"),
                unreasonable=Count("pk", filter=registration.UNREASONABLE),
            ),
        }

    found = {}
    for pk, rows in read_for_areas(commissioners, rows_of_area).items():
        found[pk] = {
            **totals_of(rows),
            "referrals": rows["made"]["made"],
            "refusals": rows["refused"]["refused"],
            "unreasonable": rows["refused"]["unreasonable"],
        }
    return found


def median_days(middle_row):
    if not middle_row["rows"]:
        return None
    days = [max(middle_row[key], 0) for key in ("first", "last")][: middle_row["rows"]]
    return sum(days) / len(days)


def refusals(scope, period):
    """(refusals_by_practice, refusals_by_reason) as queries/registration.py gives them, from
    one query grouped by practice and reason. Names and reasons keep the database's order
    (its collation): names as the query gives them, reasons by their rank among the reasons'
    labels, worked out in the same query."""
    rank = (
        RefusalReason.objects.filter(label__lt=OuterRef("refusal_reason__label"))
        .order_by()
        .annotate(all_rows=Value(1))
        .values("all_rows")
        .annotate(labels=Count("label", distinct=True))
        .values("labels")
    )
    rows = (
        registration.referrals(scope)
        .filter(registration.refused_in(period))
        .order_by()
        .values_list("practice__name", "refusal_reason__label")
        .annotate(
            refused=Count("pk"),
            unreasonable=Count("pk", filter=registration.UNREASONABLE),
            label_rank=Subquery(rank),
        )
        .order_by("practice__name", "refusal_reason__label")
    )
    by_practice, by_reason = {}, {}
    for name, label, refused, unreasonable, label_rank in rows:
        practice = by_practice.setdefault(name, [0, 0])
        reason = by_reason.setdefault(label, [0, 0, label_rank])
        for totals_so_far in (practice, reason):
            totals_so_far[0] += refused
            totals_so_far[1] += unreasonable
    practices = sorted(
        ((name, refused, unreasonable) for name, (refused, unreasonable) in by_practice.items()),
        key=lambda row: -row[1],
    )
    # No reason given (no label) comes where the database puts an empty value in order.
    nothing = float("inf") if connection.features.nulls_order_largest else -1
    reasons = sorted(
        by_reason.items(),
        key=lambda item: (
            -item[1][1],
            -item[1][0],
            nothing if item[0] is None else item[1][2],
        ),
    )
    return practices, [
        (label or "No reason given", not unreasonable, refused)
        for label, (refused, unreasonable, _rank) in reasons
    ]
