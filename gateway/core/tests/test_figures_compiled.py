"""A scope compiled once (``gateway.core.figures.compiled``, ADR 0053 update) scopes a figure
exactly as the queryset it was compiled from, whether asked "in" it or checked row by row
(``in_scope_by_key``, ADR 0067), and rows known to be empty count nothing."""

import pytest
from django.db import connection

from gateway.accounts.models import Organisation
from gateway.core.figures import CountUpTo, compiled, figures, in_scope_by_key
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


def test_a_scope_checked_by_key_holds_the_rows_the_scope_holds():
    """``in_scope_by_key`` (ADR 0067) is ``field__in=scope`` written as a check of each row:
    the same rows, through a join too, and an empty scope matches nothing."""
    icb, other = CommissionerFactory(), CommissionerFactory()
    mine = [PracticeFactory(commissioner=icb) for _ in range(2)]
    PracticeFactory(commissioner=other)
    scope = compiled(Organisation.objects.filter(pk=icb.pk))
    assert set(Organisation.objects.filter(in_scope_by_key("commissioner_id", scope))) == set(mine)
    through_a_join = Organisation.objects.filter(
        in_scope_by_key("commissioner__id", scope), commissioner__isnull=False
    )
    assert set(through_a_join) == set(mine)
    found = figures(
        Organisation.objects.filter(pk=icb.pk),
        checked=CountUpTo(Organisation.objects.filter(in_scope_by_key("commissioner_id", scope))),
        capped=CountUpTo(Organisation.objects.filter(in_scope_by_key("commissioner_id", scope)), 1),
    )
    assert found == {"checked": 2, "capped": 1}
    empty = compiled(Organisation.objects.none())
    assert not Organisation.objects.filter(in_scope_by_key("commissioner_id", empty)).exists()


def test_each_row_is_checked_by_key_on_postgresql_and_by_in_elsewhere():
    """PostgreSQL gets the correlated check its planner cannot turn back into a join; other
    databases (SQLite) get ``field IN (scope)``, which they plan well."""
    scope = compiled(Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER))
    sql = str(Organisation.objects.filter(in_scope_by_key("commissioner_id", scope)).query)
    correlated = "EXISTS (SELECT 1 FROM (SELECT" in sql and "OFFSET 0)" in sql
    assert correlated == (connection.vendor == "postgresql")
    assert ('"commissioner_id" IN (SELECT' in sql) == (connection.vendor != "postgresql")
