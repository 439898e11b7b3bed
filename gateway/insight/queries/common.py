"""What every SAS figure starts from: the episodes in a scope, each with the moment it went on
the scheme and the moment it closed (kept on the episode row from its status history, ADR
0029), and the period as moments in Europe/London.

An episode is on the scheme at a moment when it was allocated before it and had not closed
by it: time in custody still counts (the person returns to the scheme on release,
docs/domain/sas-other-changes.md#custody). Episodes marked as entered in error are never counted."""

import datetime

from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.sas.models import Episode, StatusHistory
from gateway.sas.rules.days import add_months
from gateway.sas.states import State


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


def episodes(scope):
    """The scope's episodes (never those entered in error), each with allocated_at (first
    allocation) and closed_at (first move to a closed state), kept on the episode row."""
    queryset = Episode.objects.filter(commissioner=scope.commissioner)
    if scope.sas_practice is not None:
        queryset = queryset.filter(sas_practice=scope.sas_practice)
    return _counted(queryset)


def episodes_of_areas(commissioners):
    """The episodes of every one of the commissioners' areas, as episodes(scope) gives one
    area's: for figures of many areas grouped by "commissioner" in one query."""
    return _counted(Episode.objects.filter(commissioner__in=commissioners))


def _counted(queryset):
    return queryset.exclude(state=State.ENTERED_IN_ERROR)


def on_scheme_at(at):
    """Condition on episodes: on the scheme at that moment."""
    return Q(allocated_at__lt=at) & not_closed_before(at)


def not_closed_before(at):
    """Condition on episodes: not closed before that moment (closed_at empty or at or after
    it), which the (commissioner, closed_at) index serves: a figure over every episode ever
    placed filters the ones closed long ago out with this first."""
    return Q(closed_at__isnull=True) | Q(closed_at__gte=at)


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
