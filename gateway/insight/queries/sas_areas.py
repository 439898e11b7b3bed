"""The SAS figures of many commissioners' areas at once (the national view): each query of
queries/sas.py that a figure needs, grouped by commissioner, so the national view costs the
same number of queries for 2 areas as for 42. Each counts with exactly the expressions the
one-area query uses (``*_counts`` in queries/sas.py), so an area's figures are the ones its
own dashboard shows. ``counted`` reads them all in one statement and returns, for each,
{commissioner pk: what the one-area query returns}; the median needs the counts first, so it
is a second statement."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from gateway.comms.models import Message
from gateway.sas.models import Appeal, Deadline, DischargePlan, Review

from . import sas, sas_changes
from .common import bounds, episodes_of_areas, events_of_areas, on_scheme_at
from .national import by_area
from .together import grouped_together


def grouped(queryset, area, counts):
    """The counts over queryset grouped by area (a commissioner), as one area's query counts
    them, and the counts' names (for the zeros of an area with no rows)."""
    return queryset.order_by().values(area=F(area)).annotate(**counts), counts


def area_episode_ids(commissioners):
    return episodes_of_areas(commissioners).values("pk")


def counted(commissioners, period, now):
    """{name: {commissioner pk: what the one-area query returns}} for every grouped count of
    the SAS section (all but the median), read in one statement (together.grouped_together)."""
    queries = {
        "scheme": on_the_scheme(commissioners, period),
        "targets": removal_targets(commissioners, period, now),
        "reviews": reviews(commissioners, period, timezone.localdate(now)),
        "appeals": appeals(commissioners, period),
        "discharges": discharges(commissioners, period),
        "changes": changes(commissioners, period),
        "unreachable": unreachable(commissioners, period),
        "removals": new_removals(commissioners, period),
    }
    rows = grouped_together(**{name: queryset for name, (queryset, _) in queries.items()})
    found = {
        name: by_area(rows[name], commissioners, counts) for name, (_, counts) in queries.items()
    }
    found["scheme"] = {pk: sas.with_bands(result) for pk, result in found["scheme"].items()}
    found["reviews"] = {pk: sas.with_took_part(result) for pk, result in found["reviews"].items()}
    found["removals"] = {pk: result["removals"] for pk, result in found["removals"].items()}
    return found


def on_the_scheme(commissioners, period):
    return grouped(
        episodes_of_areas(commissioners), "commissioner", sas.on_the_scheme_counts(period)
    )


def removal_targets(commissioners, period, now):
    deadlines = Deadline.objects.filter(episode__in=area_episode_ids(commissioners))
    return grouped(deadlines, "episode__commissioner", sas.removal_target_counts(period, now))


def reviews(commissioners, period, today):
    held = Review.objects.filter(episode__in=area_episode_ids(commissioners))
    return grouped(held, "episode__commissioner", sas.review_counts(period, today))


def appeals(commissioners, period):
    # appeals_with_panel_due for every area: its scope is only used for the episodes.
    appeals_due = Appeal.objects.filter(episode__in=area_episode_ids(commissioners))
    appeals_due = appeals_due.annotate(panel_due=sas.panel_due_of_appeal())
    return grouped(appeals_due, "episode__commissioner", sas.appeal_counts(period))


def discharges(commissioners, period):
    plans = DischargePlan.objects.filter(episode__in=area_episode_ids(commissioners))
    return grouped(plans, "episode__commissioner", sas.discharge_counts(period))


def changes(commissioners, period):
    events = events_of_areas(commissioners, period)
    return grouped(events, "episode__commissioner", sas_changes.change_counts())


def new_removals(commissioners, period):
    """The removals with notice given in the period (what removals_by_practice adds up to)."""
    noticed = episodes_of_areas(commissioners).filter(sas.notice_in(period))
    return grouped(noticed, "commissioner", {"removals": Count("pk")})


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
    return grouped(placed, "commissioner", counts)


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
