"""Who is in a commissioner's area for the figures that are about people rather than SAS
episodes or registration referrals (multiple disadvantage, deaths, equality), and a person's
age worked out in the database.

A person is in the area when the commissioner has ever been linked to them (a relationship
of any kind, ended or not: figures for a past period count people who were in the area
then) or has worked out their multiple-disadvantage status. With one SAS practice chosen, the
people with an episode at that practice."""

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, LessThan

from gateway.patients.models import Patient, PatientRelationship
from gateway.sas.models import Episode
from gateway.sas.states import State
from gateway.support.models import MCNStatus


def area_patients(scope):
    """The pks of the people in the scope's area, for `patient__in=`."""
    if scope.sas_practice is not None:
        return (
            Episode.objects.filter(sas_practice=scope.sas_practice)
            .exclude(state=State.ENTERED_IN_ERROR)
            .values("patient")
        )
    linked = PatientRelationship.objects.filter(organisation=scope.commissioner)
    assessed = MCNStatus.objects.filter(commissioner=scope.commissioner)
    return Patient.objects.filter(
        Q(pk__in=linked.values("patient")) | Q(pk__in=assessed.values("patient"))
    ).values("pk")


def age_on(on, born):
    """A person's age in whole years on a day, as a database expression: on and born are
    expressions (a field or a Value). A birthday on 29 February is reached on 1 March in a
    year that is not a leap year."""
    birthday_still_to_come = LessThan(ExtractMonth(on), ExtractMonth(born)) | (
        Exact(ExtractMonth(on), ExtractMonth(born)) & LessThan(ExtractDay(on), ExtractDay(born))
    )
    return (
        ExtractYear(on)
        - ExtractYear(born)
        - Case(When(birthday_still_to_come, then=Value(1)), default=Value(0))
    )


def age_band_conditions(age_field, bands):
    """{label: Q} for each band over an annotated age field."""
    conditions = {}
    for label, low, high in bands:
        condition = Q()
        if low is not None:
            condition &= Q(**{f"{age_field}__gte": low})
        if high is not None:
            condition &= Q(**{f"{age_field}__lte": high})
        conditions[label] = condition
    return conditions


def band_case(conditions):
    """A database expression naming the band each row falls in (the first that matches)."""
    return Case(
        *[When(condition, then=Value(label)) for label, condition in conditions.items()],
        default=Value(""),
        output_field=CharField(),
    )
