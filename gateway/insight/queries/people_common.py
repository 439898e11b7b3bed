"""What every list of the people behind a figure is made of: the PeopleList shape the
registry (queries/people.py) and the page use, and the row helpers the SAS, GP registration
and multiple-disadvantage lists share.

A row is a dict with the same keys whatever is counted: given_name, family_name,
nhs_number, the public id of the record the name links to (an SAS episode, or the person's
own record), place_name (the practice or service), on (the date that put the row in the
period), met (True, False or None) and detail (words saying what makes the row count, or
None)."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, DateField, F, Value, When
from django.db.models.functions import TruncDate

from gateway.patients.queries import visible_patients

EPISODE_RECORD = ("sas:episode-detail", "episode_public_id")
PERSON_RECORD = ("patients:detail", "patient_public_id")


@dataclass(frozen=True)
class PeopleList:
    definition: object
    title: str  # "People on the scheme at the end of the period"
    date_heading: str
    met_heading: str | None = None  # the yes/no column, for percentages
    rows: object = None  # (scope, period, now) -> queryset of row dicts
    record: tuple = EPISODE_RECORD  # (URL name of the record a name links to, row key)
    place_heading: str | None = "SAS practice"  # None: no practice or service column
    place_missing: str = "Not allocated"  # what an empty cell in that column says
    detail_heading: str | None = None  # the column saying what makes the row count


def flag(condition):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def day(field):
    return TruncDate(field, output_field=DateField())


def words(field, choices, default=""):
    """A database expression giving a choice field's words (choices: (value, label) pairs)."""
    return Case(
        *[When(**{field: value}, then=Value(label)) for value, label in choices],
        default=Value(default),
        output_field=CharField(),
    )


def person_values(queryset, scope, prefix, on, *, met=None, place=None, detail=None):
    """Rows linking to the person's own record, limited to the people the viewer's
    organisation may see (gateway.patients.queries.visible_patients fails closed). prefix
    reaches the person from the queryset's model ("patient__", or "" for people)."""
    visible = visible_patients(scope.viewer, scope.organisation).values("pk")
    none = Value(None, output_field=CharField())
    names = ("given_name", "family_name", "nhs_number")
    # a list of people names their own fields; a model cannot take an alias of its own field
    own = names if not prefix else ()
    reached = {} if not prefix else {name: F(f"{prefix}{name}") for name in names}
    return queryset.filter(**{f"{prefix}pk__in": visible}).values(
        *own,
        **reached,
        patient_public_id=F(f"{prefix}public_id"),
        place_name=place if place is not None else none,
        on=on,
        met=met if met is not None else Value(None, output_field=BooleanField()),
        detail=detail if detail is not None else none,
    )
