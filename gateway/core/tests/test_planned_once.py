"""Statements planned once a connection (gateway/core/planned_once.py, ADR 0070). A statement
marked to be planned once is prepared on PostgreSQL's connection and still reads exactly the
rows the ORM's own statement reads; one not marked, and every statement where prepared
statements are off (SQLite, a transaction pooler), is sent as text, as before."""

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from gateway.core.planned_once import planned_once
from gateway.core.prepared import Statement
from gateway.patients.models import Patient
from gateway.patients.queries import organisation_scope_ids
from gateway.sas.queries import home as sas_home
from tests.factories import PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL prepares statements; SQLite does not"
)


def people_marked(marker):
    """A build of an organisation's people whose SQL names ``marker``, so that this test's
    statement is told apart from every other prepared on the same connection (prepared
    statements outlive a test's transaction)."""

    def build(shape, *, organisation_id, today):
        scope = organisation_scope_ids(organisation_id, today)
        return Patient.objects.filter(pk__in=scope).annotate(**{marker: F("pk")}).order_by("pk")

    return build


def prepared_on_this_connection(marker):
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [sql for (sql,) in cursor.fetchall() if marker in sql]


def a_practice_with_people(how_many):
    practice = PracticeFactory()
    people = [PatientFactory(related_to=[practice]) for _ in range(how_many)]
    return practice, sorted(person.pk for person in people)


@on_postgresql
def test_a_statement_marked_planned_once_is_prepared_and_reads_each_organisations_rows():
    build = people_marked("planned_once_marker")
    statement = Statement(build, planned_once=True)
    first, at_first = a_practice_with_people(3)
    second, at_second = a_practice_with_people(2)
    today = timezone.localdate()
    for practice, theirs in [(first, at_first), (second, at_second)] * 4:
        rows = statement.rows("people", organisation_id=practice.pk, today=today)
        assert [row.pk for row in rows] == theirs
        orm = build("people", organisation_id=practice.pk, today=today)
        assert [row.pk for row in orm] == theirs
    (sql,) = prepared_on_this_connection('"planned_once_marker"')
    assert "$1" in sql  # bound on the server: one statement for every organisation


@on_postgresql
def test_a_statement_not_marked_is_sent_as_text_and_not_prepared():
    statement = Statement(people_marked("sent_as_text_marker"))
    practice, theirs = a_practice_with_people(2)
    for _ in range(6):
        rows = statement.rows("people", organisation_id=practice.pk, today=timezone.localdate())
        assert [row.pk for row in rows] == theirs
    assert prepared_on_this_connection('"sent_as_text_marker"') == []


@on_postgresql
def test_a_shape_can_be_kept_from_being_planned_once():
    marked = people_marked("largest_scope_marker")
    statement = Statement(marked, planned_once=lambda shape: shape != "largest scopes")
    practice, theirs = a_practice_with_people(1)
    rows = statement.rows("largest scopes", organisation_id=practice.pk, today=timezone.localdate())
    assert [row.pk for row in rows] == theirs
    assert prepared_on_this_connection('"largest_scope_marker"') == []


@override_settings(DATABASE_PREPARED_STATEMENTS=False)
def test_with_prepared_statements_off_nothing_is_prepared():
    assert planned_once(connection) is connection
    statement = Statement(people_marked("switched_off_marker"), planned_once=True)
    practice, theirs = a_practice_with_people(2)
    rows = statement.rows("people", organisation_id=practice.pk, today=timezone.localdate())
    assert [row.pk for row in rows] == theirs
    if connection.vendor == "postgresql":
        assert prepared_on_this_connection('"switched_off_marker"') == []


def test_sqlite_sends_every_statement_as_text():
    if connection.vendor == "sqlite":
        assert planned_once(connection) is connection
    else:
        assert planned_once(connection) is not connection


def test_the_commissioners_screening_figures_are_planned_for_the_area_asking():
    """The count of every report waiting in an area: one plan for every area was slow for
    the largest (13.5 ms against 5 ms planned for it, bench 4x)."""
    roles = frozenset({"commissioner"})
    assert sas_home.HOME.plans_once((roles, False))
    assert not sas_home.HOME.plans_once((roles, True))


@on_postgresql
def test_a_prepared_statement_is_logged_with_its_values_when_queries_are_logged():
    from django.test.utils import CaptureQueriesContext

    statement = Statement(people_marked("logged_marker"), planned_once=True)
    practice, theirs = a_practice_with_people(1)
    with CaptureQueriesContext(connection) as seen:
        rows = statement.rows("people", organisation_id=practice.pk, today=timezone.localdate())
    assert [row.pk for row in rows] == theirs
    (sql,) = [q["sql"] for q in seen.captured_queries if "logged_marker" in q["sql"]]
    assert f'"organisation_id" = {practice.pk}' in sql
