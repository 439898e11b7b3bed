"""What every SAS figure starts from: the episodes in a scope, each with the moment it went on
the scheme and the moment it closed (from its status history, in the database), and the
period as moments in Europe/London.

An episode is on the scheme at a moment when it was allocated before it and had not closed
by it: time in custody still counts (the person returns to the scheme on release,
docs/domain/sas-other-changes.md#custody). Episodes marked as entered in error are never counted."""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.rules.days import add_months
from gateway.sas.states import TERMINAL_STATES, State


def moment(day):
    """The first moment of a day in Europe/London, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def bounds(period):
    """(start, end) of the period as moments: start included, end (the first moment after the
    period's last day) excluded."""
    return moment(period.start), moment(period.end + datetime.timedelta(days=1))


def months_before(at, months):
    """The same moment of day months earlier (clamped to the end of a shorter month)."""
    return moment(add_months(timezone.localtime(at).date(), -months))


def _first_history_at(**conditions):
    return Subquery(
        StatusHistory.objects.filter(episode=OuterRef("pk"), **conditions)
        .order_by("at", "id")
        .values("at")[:1]
    )


def episodes(scope):
    """The scope's episodes (never those entered in error), each annotated with allocated_at
    (first allocation) and closed_at (first move to a closed state)."""
    queryset = Episode.objects.filter(commissioner=scope.commissioner)
    if scope.sas_practice is not None:
        queryset = queryset.filter(sas_practice=scope.sas_practice)
    return _counted(queryset)


def episodes_of_areas(commissioners):
    """The episodes of every one of the commissioners' areas, annotated as episodes(scope)
    annotates one area's: for figures of many areas grouped by "commissioner" in one query."""
    return _counted(Episode.objects.filter(commissioner__in=commissioners))


def _counted(queryset):
    return queryset.exclude(state=State.ENTERED_IN_ERROR).annotate(
        allocated_at=_first_history_at(to_state=State.ALLOCATED),
        closed_at=_first_history_at(to_state__in=sorted(TERMINAL_STATES)),
    )


def on_scheme_at(at):
    """Condition on annotated episodes: on the scheme at that moment."""
    return Q(allocated_at__lt=at) & (Q(closed_at__isnull=True) | Q(closed_at__gte=at))


def not_closed_before(at):
    """Condition on episodes: not closed before that moment (closed_at empty or at or after
    it), as one probe of the status history per episode. on_scheme_at says the same through
    the closed_at annotation, which PostgreSQL works out again for every use, so a figure over
    every episode ever placed filters the ones closed long ago out with this first."""
    return ~Exists(
        StatusHistory.objects.filter(
            episode=OuterRef("pk"), to_state__in=sorted(TERMINAL_STATES), at__lt=at
        )
    )


def on_scheme_by_history(at):
    """The same condition as on_scheme_at, on any episodes, read from the status history as
    two probes (which PostgreSQL joins as sets) rather than through the annotations: for
    choosing the episodes on the scheme among every one ever placed."""
    history = StatusHistory.objects.filter(episode=OuterRef("pk"), at__lt=at)
    return Exists(history.filter(to_state=State.ALLOCATED)) & not_closed_before(at)


def is_commissioner(organisation):
    return organisation is not None and organisation.kind == Organisation.Kind.COMMISSIONER


def commissioner_practices(commissioner):
    """The SAS practices a commissioner commissions, by name."""
    return Organisation.objects.filter(
        commissioner=commissioner, is_sas_practice=True, kind=Organisation.Kind.GP_PRACTICE
    ).order_by("name")


def sas_practices(scope):
    """The SAS practices a scope covers: the commissioner's, or the one chosen."""
    if scope.sas_practice is not None:
        return Organisation.objects.filter(pk=scope.sas_practice.pk)
    return commissioner_practices(scope.commissioner)


def practices_in(scope):
    """The SAS practices a scope covers, as a list: those the scope already holds (the
    dashboard's chooser has read them) or else read from the database."""
    if scope.sas_practice is not None:
        return [scope.sas_practice]
    if scope.practices is not None:
        return list(scope.practices)
    return list(commissioner_practices(scope.commissioner))


def events(scope, period, **conditions):
    """Status changes of the scope's episodes in the period."""
    start, end = bounds(period)
    return StatusHistory.objects.filter(
        episode__in=episodes(scope).values("pk"), at__gte=start, at__lt=end, **conditions
    )


def events_of_areas(commissioners, period):
    """Status changes in the period of the episodes of every one of the commissioners' areas."""
    start, end = bounds(period)
    return StatusHistory.objects.filter(
        episode__in=episodes_of_areas(commissioners).values("pk"), at__gte=start, at__lt=end
    )
