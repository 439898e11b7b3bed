"""The people behind the GP registration figures: the same referrals the figures count (the
conditions come from queries/registration.py), one row per referral (per person for prison
leavers, as the figure counts people), each name linking to the person's own record and
limited to the people the viewer's organisation may see (people_common.person_values)."""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from gateway.patients.models import Patient
from gateway.registration.models import RegistrationReferral

from ..definitions import registration as d
from . import registration
from .people_common import PERSON_RECORD, PeopleList, flag, person_values, words

Status = RegistrationReferral.Status
NO_PRACTICE = "Not chosen yet"
NO_REASON = "No reason given"


def _referrals(condition, on, *, met=None, detail=None):
    def rows(scope, period, now):
        queryset = registration.referrals(scope).filter(condition(period))
        return person_values(
            queryset, scope, "patient__", F(on), met=met, place=F("practice__name"),
            detail=detail,
        ).order_by("on", "family_name", "given_name")  # fmt: skip

    return rows


REFUSAL_REASON = Coalesce(F("refusal_reason__label"), Value(NO_REASON))
REASONABLE = Case(
    When(registration.UNREASONABLE, then=Value(False)),
    default=Value(True),
    output_field=BooleanField(),
)


def _refused_unreasonably(period):
    return registration.refused_in(period) & registration.UNREASONABLE


WHERE_NOW = words("status", Status.choices)


def _leavers_in(scope, period):
    return registration.referrals(scope).filter(
        registration.released_in(period), is_prison_leaver=True
    )


def _prison_leavers(scope, period, now):
    """One row per person released in the period (the figure counts people), with the first
    release day in the period and whether any referral had them registered by their release."""
    mine = _leavers_in(scope, period).filter(patient=OuterRef("pk"))
    queryset = Patient.objects.filter(pk__in=_leavers_in(scope, period).values("patient"))
    return person_values(
        queryset,
        scope,
        "",
        Subquery(mine.order_by("release_date").values("release_date")[:1]),
        met=Exists(mine.filter(registration.REGISTERED_BY_RELEASE)),
    ).order_by("on", "family_name", "given_name")


def _first_appointments(scope, period, now):
    queryset = registration.referrals(scope).filter(registration.first_appointment_due_in(period))
    return person_values(
        queryset, scope, "patient__", F("first_appointment_due_on"),
        met=flag(Q(first_appointment_attended_on__isnull=False)), place=F("practice__name"),
    ).order_by("on", "family_name", "given_name")  # fmt: skip


def _list(definition, title, date_heading, rows, **fields):
    return PeopleList(
        definition, title, date_heading, rows=rows, record=PERSON_RECORD,
        place_heading="GP practice", place_missing=NO_PRACTICE, **fields,
    )  # fmt: skip


LISTS = {
    people.definition.key: people
    for people in [
        _list(d.REFERRALS, "Referrals made in the period", "Referred",
              _referrals(registration.made_in, "referred_on", detail=WHERE_NOW),
              detail_heading="Where it is now"),
        _list(d.REGISTERED, "People registered in the period", "Registered",
              _referrals(registration.registered_in, "registered_on")),
        _list(d.REFUSALS, "Refusals in the period", "Refused",
              _referrals(registration.refused_in, "refused_on",
                         met=REASONABLE, detail=REFUSAL_REASON),
              met_heading="A reasonable ground", detail_heading="Reason given"),
        _list(d.UNREASONABLE, "Refusals on grounds that are not reasonable", "Refused",
              _referrals(_refused_unreasonably, "refused_on", detail=REFUSAL_REASON),
              detail_heading="Reason given"),
        PeopleList(d.PRISON_LEAVERS, "People leaving prison in the period", "Released",
                   "Registered by release", _prison_leavers, record=PERSON_RECORD,
                   place_heading=None),
        _list(d.FIRST_APPOINTMENT, "First appointments due in the period", "Due",
              _first_appointments, met_heading="Attended"),
    ]
}  # fmt: skip
