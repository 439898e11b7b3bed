"""The SAS figures of many commissioners' areas at once (the national view): each query of
queries/sas.py that a figure needs, grouped by commissioner, so the national view costs the
same number of queries for 2 areas as for 42. Each counts with exactly the expressions the
one-area query uses (``*_counts`` in queries/sas.py), so an area's figures are the ones its
own dashboard shows. Each function returns {commissioner pk: what the one-area query returns}."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber

from gateway.comms.models import Message
from gateway.sas.models import Appeal, Deadline, DischargePlan, Review

from . import sas, sas_changes
from .common import bounds, episodes_of_areas, events_of_areas, on_scheme_at
from .national import by_area


def grouped(queryset, area, counts, commissioners):
    rows = queryset.order_by().values(area=F(area)).annotate(**counts)
    return by_area(rows, commissioners, counts)


def area_episode_ids(commissioners):
    return episodes_of_areas(commissioners).values("pk")


def on_the_scheme(commissioners, period):
    counts = sas.on_the_scheme_counts(period)
    found = grouped(episodes_of_areas(commissioners), "commissioner", counts, commissioners)
    return {pk: sas.with_bands(result) for pk, result in found.items()}


def removal_targets(commissioners, period, now):
    deadlines = Deadline.objects.filter(episode__in=area_episode_ids(commissioners))
    counts = sas.removal_target_counts(period, now)
    return grouped(deadlines, "episode__commissioner", counts, commissioners)


def reviews(commissioners, period, today):
    counts = sas.review_counts(period, today)
    found = grouped(
        Review.objects.filter(episode__in=area_episode_ids(commissioners)),
        "episode__commissioner",
        counts,
        commissioners,
    )
    return {pk: sas.with_took_part(result) for pk, result in found.items()}


def appeals(commissioners, period):
    # appeals_with_panel_due for every area: its scope is only used for the episodes.
    appeals_due = Appeal.objects.filter(episode__in=area_episode_ids(commissioners))
    appeals_due = appeals_due.annotate(panel_due=sas.panel_due_of_appeal())
    counts = sas.appeal_counts(period)
    return grouped(appeals_due, "episode__commissioner", counts, commissioners)


def discharges(commissioners, period):
    plans = DischargePlan.objects.filter(episode__in=area_episode_ids(commissioners))
    counts = sas.discharge_counts(period)
    return grouped(plans, "episode__commissioner", counts, commissioners)


def changes(commissioners, period):
    counts = sas_changes.change_counts()
    events = events_of_areas(commissioners, period)
    return grouped(events, "episode__commissioner", counts, commissioners)


def new_removals(commissioners, period):
    """The removals with notice given in the period (what removals_by_practice adds up to)."""
    counts = {"removals": Count("pk")}
    found = grouped(
        episodes_of_areas(commissioners).filter(sas.notice_in(period)),
        "commissioner",
        counts,
        commissioners,
    )
    return {pk: result["removals"] for pk, result in found.items()}


def unreachable(commissioners, period):
    """For each area, unreachable messages in the period to people placed on its scheme."""
    start, end = bounds(period)
    message = Q(
        patient__messages__kind=Message.Kind.ROUTED,
        patient__messages__status=Message.Status.UNREACHABLE,
        patient__messages__status_changed_at__gte=start,
        patient__messages__status_changed_at__lt=end,
    )
    counts = {
        "people": Count("patient", distinct=True, filter=message),
        "messages": Count("patient__messages", distinct=True, filter=message),
    }
    placed = episodes_of_areas(commissioners).filter(allocated_at__isnull=False)
    return grouped(placed, "commissioner", counts, commissioners)


def median_days_on_scheme(commissioners, period, counts):
    """median_days_on_scheme of each area, given {pk: people on the scheme at the end}: the
    middle one or two of each area in allocation order, all read in one query."""
    end = bounds(period)[1]
    # The places of each area's middle one or two (1 from the start), as Case expressions: a
    # filter on a window function may not use OR.
    lowest, highest = [], []
    for pk, count in counts.items():
        if count:
            lowest.append(When(commissioner=pk, then=Value((count - 1) // 2 + 1)))
            highest.append(When(commissioner=pk, then=Value(count // 2 + 1)))
    if not lowest:
        return dict.fromkeys(counts)
    rows = (
        episodes_of_areas(commissioners)
        .filter(on_scheme_at(end), commissioner__in=[pk for pk, n in counts.items() if n])
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("commissioner")],
                order_by=[F("allocated_at").asc(), F("pk").asc()],
            ),
            lowest=Case(*lowest, output_field=IntegerField()),
            highest=Case(*highest, output_field=IntegerField()),
        )
        .filter(place__gte=F("lowest"), place__lte=F("highest"))
        .values_list("commissioner", "allocated_at")
    )
    days = {pk: [] for pk in counts}
    for pk, allocated_at in rows:
        days[pk].append((end - allocated_at).days)
    return {pk: (sum(d) / len(d) if d else None) for pk, d in days.items()}
