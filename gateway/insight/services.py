"""The figures the daily job keeps (ADR 0064): for every active commissioner and every period
the pages offer (the last quarters and financial years, each up to today), the scheme at a
glance and every dashboard section, worked out with the very section functions the pages run
live and kept as JSON with the time they were worked out. The dashboard and the national view
read them instead of counting each area's whole history on every request, and count live
when none are kept for today.

Safe to run again: a period already kept today is not worked out again unless asked."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gateway.core.fingerprint import code_version

from .forms import offered_periods
from .kept import dumped
from .models import KeptFigures
from .national import SECTIONS
from .queries.national import active_commissioners
from .queries.scope import Scope


def keep_area(commissioner, today=None, *, again=False):
    """Work out and keep the commissioner's figures for every offered period not yet kept
    today (every one when again); forget the area's figures kept on earlier days. Returns how
    many periods were worked out."""
    today = today or timezone.localdate()
    kept_today = set(
        KeptFigures.objects.filter(
            commissioner=commissioner, worked_out_on=today, code_version=code_version()
        ).values_list("period_kind", "period_start", "period_end")
    )
    # Links as a viewer allowed to see the people behind figures gets them; the page drops
    # them for anyone else (kept.loaded).
    scope = Scope(commissioner=commissioner, links_as_if_allowed=True)
    worked_out = 0
    for period in offered_periods(today):
        if not again and (period.kind, period.start, period.end) in kept_today:
            continue
        worked_out_at = timezone.now()
        sections = [function(scope, period) for function in SECTIONS]
        KeptFigures.objects.update_or_create(
            commissioner=commissioner,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            defaults={
                "worked_out_at": worked_out_at,
                "worked_out_on": today,
                "code_version": code_version(),
                "sections": dumped(sections),
            },
        )
        worked_out += 1
    with transaction.atomic():
        KeptFigures.objects.filter(commissioner=commissioner, worked_out_on__lt=today).delete()
    return worked_out


def keep_area_by_id(commissioner_id, today):
    """keep_area for the active commissioner with that id (nothing when it is no longer)."""
    commissioner = active_commissioners().filter(pk=commissioner_id).first()
    return 0 if commissioner is None else keep_area(commissioner, today)


def areas_to_keep(today):
    """The ids of the active commissioners with an offered period not kept today."""
    done = (
        KeptFigures.objects.filter(worked_out_on=today, code_version=code_version())
        .order_by()
        .values("commissioner")
        .annotate(periods=Count("pk"))
        .filter(periods__gte=len(offered_periods(today)))
        .values("commissioner")
    )
    return list(active_commissioners().exclude(pk__in=done).values_list("pk", flat=True))


def keep_every_area(today=None):
    """keep_area for every active commissioner, in this process; {name: periods worked out}."""
    return {c.name: keep_area(c, today) for c in active_commissioners()}
