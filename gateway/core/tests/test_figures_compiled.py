"""A scope compiled once (``gateway.core.figures.compiled``, ADR 0053 update) scopes a figure
exactly as the queryset it was compiled from, and rows known to be empty count nothing."""

import pytest

from gateway.accounts.models import Organisation
from gateway.core.figures import CountUpTo, compiled, figures
from tests.factories import CommissionerFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_a_compiled_scope_counts_what_its_queryset_holds():
    icb = CommissionerFactory()
    practices = [PracticeFactory(commissioner=icb) for _ in range(3)]
    PracticeFactory()  # another commissioner's
    scope = Organisation.objects.filter(pk__in=[p.pk for p in practices[:2]])
    once = compiled(scope)
    found = figures(
        Organisation.objects.filter(pk=icb.pk),
        in_scope=CountUpTo(Organisation.objects.filter(pk__in=once)),
        in_scope_and_icbs=CountUpTo(Organisation.objects.filter(pk__in=once, commissioner=icb)),
        capped=CountUpTo(Organisation.objects.filter(pk__in=once), 1),
    )
    assert found == {"in_scope": 2, "in_scope_and_icbs": 2, "capped": 1}


def test_an_empty_scope_stays_empty():
    icb = CommissionerFactory()
    once = compiled(Organisation.objects.none())
    found = figures(
        Organisation.objects.filter(pk=icb.pk),
        none=CountUpTo(Organisation.objects.filter(pk__in=once)),
    )
    assert found == {"none": 0}
