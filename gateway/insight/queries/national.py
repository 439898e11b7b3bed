"""Reads for NHS England's national view: which commissioners there are, and a few figures of
each area counted in the database (the scheme at a glance), so the national view and its
exports work on their own. Any section function ``(scope, period) -> Section`` plugs into the
national view the same way (gateway/insight/national.py).

Fails closed: only a national organisation gets the list of commissioners."""

from django.db.models import Count, F, Q

from gateway.accounts.models import Organisation
from gateway.sas.models import Review

from .common import bounds, episodes, episodes_of_areas, on_scheme_at
from .together import grouped_together

# The person's own view was heard: they took part in the review in any way, or their view was
# recorded for it (docs/domain/sas-reviews-and-discharge.md#reviews; Fulfilling Lives South East's
# SAS report: decisions were made without them).
TOOK_PART = Review.HowTookPart
HEARD = Q(patient_took_part__in=[c for c in TOOK_PART.values if c != TOOK_PART.DID_NOT]) | Q(
    patient_view_recorded_at__isnull=False
)


def commissioners(organisation):
    """Every active commissioner in England, by name, for a national organisation; nothing
    for any other."""
    if organisation is None or organisation.kind != Organisation.Kind.NATIONAL:
        return Organisation.objects.none()
    return active_commissioners()


def active_commissioners():
    """Every active commissioner in England, by name (the daily job keeps their figures)."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.COMMISSIONER, is_active=True
    ).order_by("name")


def glance_counts(period):
    """What the scheme at a glance counts over annotated episodes, for one area or grouped."""
    start, end = bounds(period)
    allocated_in = Q(allocated_at__gte=start, allocated_at__lt=end)
    left_in = Q(allocated_at__isnull=False, closed_at__gte=start, closed_at__lt=end)
    return {
        "on_scheme": Count("pk", filter=on_scheme_at(end)),
        "placed": Count("pk", filter=allocated_in),
        "left": Count("pk", filter=left_in),
    }


def reviews_held_counts(period):
    held = Q(status=Review.Status.DECIDED, held_on__gte=period.start, held_on__lte=period.end)
    return {"held": Count("pk", filter=held), "heard": Count("pk", filter=held & HEARD)}


def scheme_at_a_glance(scope, period):
    """People on the scheme at the end of the period, placed on it in the period and who left
    it in the period (one query)."""
    return episodes(scope).aggregate(**glance_counts(period))


def reviews_held(scope, period):
    """Reviews held in the period, and those where the person's own view was heard (one
    query)."""
    return Review.objects.filter(episode__in=episodes(scope).values("pk")).aggregate(
        **reviews_held_counts(period)
    )


def by_area(rows, commissioners, counts):
    """{commissioner pk: counts} from rows grouped by "area", with the zeros an area without
    rows would have had from its own aggregate."""
    found = {row.pop("area"): row for row in rows}
    return {c.pk: found.get(c.pk, dict.fromkeys(counts, 0)) for c in commissioners}


def glance_by_area(commissioners, period):
    """scheme_at_a_glance and reviews_held for every one of the commissioners, grouped by
    commissioner and read together in one statement: ({pk: counts}, {pk: reviews})."""
    counts, reviews = glance_counts(period), reviews_held_counts(period)
    grouped = {
        "counts": episodes_of_areas(commissioners)
        .order_by()
        .values(area=F("commissioner"))
        .annotate(**counts),
        "reviews": Review.objects.filter(episode__in=episodes_of_areas(commissioners).values("pk"))
        .order_by()
        .values(area=F("episode__commissioner"))
        .annotate(**reviews),
    }
    rows = grouped_together(**grouped)
    return (
        by_area(rows["counts"], commissioners, counts),
        by_area(rows["reviews"], commissioners, reviews),
    )
