"""The people behind the multiple-disadvantage figures that are about people: the same rows
the figures count (the conditions come from queries/support.py), each name linking to the
person's own record and limited to the people the viewer's organisation may see
(people_common.person_values)."""

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat

from gateway.support.models import Death

from ..definitions import support as d
from . import support
from .people_common import PERSON_RECORD, PeopleList, flag, person_values

ORDER = ("on", "family_name", "given_name")


def _meeting_definition(scope, period, now):
    """One row per person: their latest status, which meets the definition."""
    version = Concat(
        Value("Version "), Cast("rule__version", CharField()), output_field=CharField()
    )
    return person_values(
        support.meeting_definition(scope, period), scope, "patient__", F("worked_out_on"),
        detail=version,
    ).order_by(*ORDER)  # fmt: skip


def _refuge_too_high(scope, period, now):
    queryset = support.referrals_sent(scope, period).filter(support.REFUGE_DECLINED_TOO_HIGH)
    refuge = Coalesce(F("receiving_organisation__name"), F("receiving_service_name"))
    return person_values(queryset, scope, "patient__", F("sent_on"), place=refuge).order_by(*ORDER)


def _actions(scope, period, now):
    return person_values(
        support.open_actions(scope, period), scope, "patient__", F("due_on"),
        met=flag(support.overdue_at_end(period)), detail=F("description"),
    ).order_by(*ORDER)  # fmt: skip


def _deaths(scope, period, now):
    reviewed = flag(Q(learning_review_status=Death.ReviewStatus.COMPLETE))
    return person_values(
        support.died_in(scope, period), scope, "patient__", F("died_on"), met=reviewed
    ).order_by(*ORDER)


def _list(definition, title, date_heading, rows, **fields):
    fields.setdefault("place_heading", None)
    return PeopleList(definition, title, date_heading, rows=rows, record=PERSON_RECORD, **fields)


LISTS = {
    people.definition.key: people
    for people in [
        _list(d.MCN, "People meeting the definition at the end of the period", "Worked out",
              _meeting_definition, detail_heading="Version of the definition"),
        _list(d.REFUGE_TOO_HIGH, "Refuge referrals declined because needs were too high",
              "Sent", _refuge_too_high, place_heading="Refuge", place_missing="Not recorded"),
        _list(d.ACTIONS_OVERDUE, "Actions still to do at the end of the period", "Due",
              _actions, met_heading="Overdue", detail_heading="Action"),
        _list(d.DEATHS, "People who died in the period", "Died", _deaths,
              met_heading="Learning review complete"),
    ]
}  # fmt: skip
