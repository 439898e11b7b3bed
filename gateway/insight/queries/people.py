"""The people behind a figure, for a viewer allowed to see them: the same rows the figure
counts, one row per thing counted, with whether it met the figure's rule where the figure is
a percentage. The SAS lists are here (the conditions come from queries/sas.py, limited to
episodes the viewer's organisation may see: gateway.sas.queries.visible_episodes fails
closed); the GP registration and multiple-disadvantage lists are in people_registration.py
and people_support.py; LISTS holds them all.

Each list is a PeopleList (people_common.py); ``rows(scope, period, now)`` is a queryset of
dicts with the keys people_common.py names."""

from django.db.models import BooleanField, CharField, F, Value
from django.utils import timezone

from gateway.sas.models import CustodyPeriod, Deadline, DischargePlan, Episode, Review
from gateway.sas.queries import visible_episodes
from gateway.sas.states import State

from ..definitions import sas as d
from . import people_registration, people_support, sas
from .common import bounds, episodes, events, on_scheme_at
from .people_common import PeopleList, day, flag


def _values(queryset, scope, prefix, on, met=None):
    visible = visible_episodes(scope.viewer, scope.organisation).values("pk")
    return queryset.filter(**{f"{prefix}pk__in": visible}).values(
        given_name=F(f"{prefix}patient__given_name"),
        family_name=F(f"{prefix}patient__family_name"),
        nhs_number=F(f"{prefix}patient__nhs_number"),
        episode_public_id=F(f"{prefix}public_id"),
        place_name=F(f"{prefix}sas_practice__name"),
        on=on,
        met=met if met is not None else Value(None, output_field=BooleanField()),
        detail=Value(None, output_field=CharField()),
    )


def _episodes(condition, on):
    def rows(scope, period, now):
        queryset = episodes(scope).filter(condition(period))
        return _values(queryset, scope, "", on).order_by("on", "family_name", "given_name")

    return rows


def _on_scheme(months=None):
    def condition(period):
        end = bounds(period)[1]
        return sas.time_band(end, months, None) if months else on_scheme_at(end)

    return _episodes(condition, day("allocated_at"))


def _deadlines(kind, in_time):
    def rows(scope, period, now):
        queryset = Deadline.objects.filter(
            sas.due_in(period, now), kind=kind, episode__in=sas.scope_episode_ids(scope)
        )
        return _values(queryset, scope, "episode__", F("due_on"), flag(in_time)).order_by(
            "on", "family_name"
        )

    return rows


def _reviews(condition, on, met):
    def rows(scope, period, now):
        queryset = Review.objects.filter(
            condition(period, timezone.localdate(now)), episode__in=sas.scope_episode_ids(scope)
        )
        return _values(queryset, scope, "episode__", F(on), flag(met)).order_by("on", "family_name")

    return rows


def _appeals(scope, period, now):
    queryset = sas.appeals_with_panel_due(scope).filter(sas.decided_in(period))
    return _values(
        queryset, scope, "episode__", F("decided_on"), flag(sas.DECIDED_IN_TIME)
    ).order_by("on", "family_name")


def _discharges(scope, period, now):
    queryset = DischargePlan.objects.filter(
        sas.completed_in(period), episode__in=sas.scope_episode_ids(scope)
    )
    on = day("completed_at")
    return _values(queryset, scope, "episode__", on, flag(sas.DISCHARGED_IN_TIME)).order_by(
        "on", "family_name"
    )


def _in_custody(scope, period, now):
    queryset = CustodyPeriod.objects.filter(
        sas.in_custody_at_end(period), episode__in=sas.scope_episode_ids(scope)
    )
    return _values(queryset, scope, "episode__", F("started_on")).order_by("on", "family_name")


def _unreachable(scope, period, now):
    patients = sas.unreachable_messages(scope, period).values("patient")
    queryset = episodes(scope).filter(allocated_at__isnull=False, patient__in=patients)
    return _values(queryset, scope, "", day("allocated_at")).order_by("family_name", "given_name")


def _deaths(scope, period, now):
    died = events(scope, period, to_state=State.ENDED_DEATH)
    queryset = Episode.objects.filter(pk__in=died.values("episode"))
    return _values(queryset, scope, "", day("state_changed_at")).order_by("on", "family_name")


SAS_LISTS = {
    people.definition.key: people
    for people in [
        PeopleList(d.ON_SCHEME, "People on the scheme at the end of the period",
                   "On the scheme since", rows=_on_scheme()),
        PeopleList(d.OVER_1_YEAR, "People on the scheme for more than a year",
                   "On the scheme since", rows=_on_scheme(12)),
        PeopleList(d.OVER_3_YEARS, "People on the scheme for more than 3 years",
                   "On the scheme since", rows=_on_scheme(36)),
        PeopleList(d.NEW_REMOVALS, "People removed in the period", "Notice given",
                   rows=_episodes(sas.notice_in, day("removal_report__notice_given_at"))),
        PeopleList(d.ALLOCATED_IN_TIME, "Allocations due in the period", "Due",
                   "Allocated in time", _deadlines("allocation", sas.ALLOCATED_IN_TIME)),
        PeopleList(d.CONFIRMED_IN_TIME, "Written confirmations due in the period", "Due",
                   "Confirmed in time", _deadlines("written_confirmation", sas.CONFIRMED_IN_TIME)),
        PeopleList(d.REVIEWS_ON_TIME, "Reviews due in the period", "Due", "Held on time",
                   _reviews(sas.reviews_due_in, "due_on", sas.HELD_ON_TIME)),
        PeopleList(d.VIEW_HEARD, "Reviews held in the period", "Held", "Own view heard",
                   _reviews(lambda p, today: sas.held_in(p), "held_on", sas.HEARD)),
        PeopleList(d.APPEALS_IN_TIME, "Appeals decided in the period", "Decided",
                   "Decided in time", _appeals),
        PeopleList(d.DISCHARGED_IN_TIME, "Discharges completed in the period", "Discharged",
                   "Within the time allowed", _discharges),
        PeopleList(d.CUSTODY, "People in custody at the end of the period", "In custody since",
                   rows=_in_custody),
        PeopleList(d.UNREACHABLE, "People we could not reach in the period",
                   "On the scheme since", rows=_unreachable),
        PeopleList(d.DEATHS, "People who died in the period", "Recorded", rows=_deaths),
    ]
}  # fmt: skip

LISTS = {**SAS_LISTS, **people_registration.LISTS, **people_support.LISTS}


def people_behind(key, scope, period, now):
    """The rows behind figure key, limited to what the viewer's organisation may see; None
    when the figure has no people behind it or the viewer may not see them."""
    people = LISTS.get(key)
    if people is None or not scope.people_allowed:
        return None
    return people.rows(scope, period, now)
