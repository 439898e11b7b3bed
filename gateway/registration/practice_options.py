"""The practices a person may be referred to, for the practice-choice rule
(rules/practices.py): read from the catchment, not every practice in England (ADR 0044)."""

import json

from django.db import connection
from django.db.models import Count, TextField
from django.db.models.functions import Cast

from gateway.accounts.models import Organisation

from .models import RegistrationReferral
from .rules.practices import PracticeOption

Status = RegistrationReferral.Status


def practice_options(district):
    """The active GP practices whose catchment includes the district, as plain values for the
    practice-choice rule, with how many referrals each has accepted (rules/practices.py ranks
    them). Bounded by the catchment, not by every practice in England (ADR 0044): on
    PostgreSQL a JSON containment query the GIN index on catchment_districts serves; on SQLite
    (development and tests) a text match narrowed exactly here. Two queries."""
    if not district:
        return []
    practices = Organisation.objects.filter(kind=Organisation.Kind.GP_PRACTICE, is_active=True)
    if connection.vendor == "postgresql":
        practices = practices.filter(catchment_districts__contains=[district])
    else:
        practices = practices.annotate(
            catchment_text=Cast("catchment_districts", TextField())
        ).filter(catchment_text__contains=json.dumps(district))
    found = [
        p
        for p in practices.only("pk", "name", "catchment_districts")
        if district in (p.catchment_districts or ())
    ]
    accepted = dict(
        RegistrationReferral.objects.filter(
            status=Status.REGISTERED, practice_id__in=[p.pk for p in found]
        )
        .values_list("practice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        PracticeOption(
            pk=p.pk,
            name=p.name,
            catchment_districts=tuple(p.catchment_districts or ()),
            accepted_before=accepted.get(p.pk, 0),
        )
        for p in found
    ]
