"""Every SAS figure of a scope and period in two queries, whatever the number of episodes or
SAS practices: the totals of every table in one statement (queries/together.py), and the
removals grouped by removing practice and screening route. Each count is the aggregate the
single-figure functions in queries/sas.py use, so the two cannot disagree (tested)."""

from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from . import sas, sas_changes
from .common import bounds, episodes, not_closed_before, on_scheme_at
from .together import middle, moment, read_together, row_of


def totals(scope, period, now, quarters, practices):
    """{name: result} as the functions of queries/sas.py give them: on_the_scheme (with
    "by_quarter"), median_days (as median_days_on_scheme), by_practice (as
    on_the_scheme_by_practice, for practices: the SAS practices in scope, in order),
    removal_targets, reviews (with "by_quarter" as heard_by_quarter), appeals, discharges,
    changes, custody and unreachable. One query."""
    today = timezone.localdate(now)
    end = bounds(period)[1]
    scheme = {
        **sas.on_the_scheme_counts(period),
        **sas.on_the_scheme_by_quarter_counts(quarters),
        **{
            f"practice_{index}": Count(
                "patient", distinct=True, filter=on_scheme_at(end) & Q(sas_practice=practice.pk)
            )
            for index, practice in enumerate(practices)
        },
    }
    # Every count here is of episodes on the scheme at some moment from the earliest on.
    earliest = min([bounds(period)[0], *(bounds(q)[1] for q in quarters)])
    current = episodes(scope).filter(not_closed_before(earliest))
    on_scheme = episodes(scope).filter(on_scheme_at(end))
    in_the_middle = episodes(scope).filter(
        pk__in=middle(on_scheme, F("allocated_at").asc(), F("pk").asc())
    )
    rows = read_together(
        scope.commissioner,
        scheme=row_of(current, **scheme),
        middle=row_of(
            in_the_middle, rows=Count("pk"), first=Min("allocated_at"), last=Max("allocated_at")
        ),
        targets=row_of(sas.scope_deadlines(scope), **sas.removal_target_counts(period, now)),
        reviews=row_of(
            sas.scope_reviews(scope),
            **sas.review_counts(period, today),
            **sas.heard_by_quarter_counts(quarters),
        ),
        appeals=row_of(sas.appeals_with_panel_due(scope), **sas.appeal_counts(period)),
        discharges=row_of(sas.scope_discharges(scope), **sas.discharge_counts(period)),
        changes=row_of(sas.events(scope, period), **sas_changes.CHANGE_COUNTS),
        custody=row_of(sas.scope_custody(scope), **sas.custody_counts(period)),
        unreachable=row_of(sas.unreachable_messages(scope, period), **sas.UNREACHABLE_COUNTS),
    )
    scheme = rows.pop("scheme")
    by_practice = [
        (practice, scheme.pop(f"practice_{index}"), practice.list_capacity)
        for index, practice in enumerate(practices)
    ]
    by_quarter = [scheme.pop(f"q{index}") for index in range(len(quarters))]
    reviews = rows["reviews"]
    reviews["by_quarter"] = sas.heard_by_quarter_of(reviews, quarters)
    for index in range(len(quarters)):
        del reviews[f"held_{index}"], reviews[f"heard_{index}"]
    return {
        **rows,
        "on_the_scheme": {**sas.with_bands(scheme), "by_quarter": by_quarter},
        "median_days": median_days(rows.pop("middle"), end),
        "by_practice": by_practice,
        "reviews": sas.with_took_part(reviews),
    }


def median_days(middle_row, end):
    """The median days on the scheme at end from the middle one or two allocations."""
    if not middle_row["rows"]:
        return None
    days = [(end - moment(middle_row[key])).days for key in ("first", "last")]
    if middle_row["rows"] == 1:
        days = days[:1]
    return sum(days) / len(days)


def removals(scope, period):
    """(removals_by_practice, removals_by_screening) as queries/sas.py gives them, from one
    query grouped by removing practice and screening route (a few rows a practice)."""
    rows = list(
        episodes(scope)
        .filter(sas.notice_in(period))
        .order_by()
        .values_list("removal_report__reporting_practice__name", "removal_report__screening_route")
        .annotate(**sas.screening_outcome_counts())
        .order_by("removal_report__reporting_practice__name", "removal_report__screening_route")
    )
    by_practice, by_route = {}, {}
    for name, route, *counts in rows:
        by_practice[name] = by_practice.get(name, 0) + counts[0]
        so_far = by_route.get(route, [0] * len(counts))
        by_route[route] = [a + b for a, b in zip(so_far, counts, strict=True)]
    # Names stay in the database's order (its collation) within the same number of removals.
    practices = sorted(by_practice.items(), key=lambda item: -item[1])
    routes = [(route, *by_route[route]) for route in sorted(by_route)]
    return practices, routes
