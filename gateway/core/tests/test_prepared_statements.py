"""Statements compiled once a process and run with each call's values (gateway/core/prepared.py,
ADR 0068, hazard H77). The rule they keep: a prepared statement gives exactly the rows the
ORM's own statement gives for the same values, whoever asked before; a value is never kept
from one call to the next; and a statement that cannot be shown to take each value as a
parameter is not prepared, so it is built through the ORM every time and still right."""

import datetime

import pytest
import time_machine
from django.db.models.expressions import RawSQL
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.core.prepared import PreparedRows, Statement, list_statements
from gateway.patients.models import Patient, PatientRelationship
from gateway.patients.queries import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patients,
)
from tests.factories import MembershipFactory, PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def people_of(shape, *, organisation_id, today):
    """An organisation's people, as the record pages scope them, from values alone."""
    return Patient.objects.filter(pk__in=organisation_scope_ids(organisation_id, today)).order_by(
        "pk"
    )


def person_of(shape, *, organisation_id, today, public_id):
    return people_of(shape, organisation_id=organisation_id, today=today).filter(
        public_id=public_id
    )


def pks(rows):
    return [row.pk for row in rows]


def test_each_call_gets_its_own_organisations_people_as_the_orm_would():
    statement = Statement(people_of)
    first, second = PracticeFactory(), PracticeFactory()
    at_first = [PatientFactory(related_to=[first]) for _ in range(3)]
    at_second = [PatientFactory(related_to=[second]) for _ in range(2)]
    today = timezone.localdate()
    for organisation, theirs in [(first, at_first), (second, at_second), (first, at_first)]:
        rows = statement.rows("organisation", organisation_id=organisation.pk, today=today)
        assert pks(rows) == sorted(p.pk for p in theirs)
    assert len(statement._kept) == 1  # prepared once, run three times


def test_a_person_is_found_only_through_an_organisation_related_to_them():
    statement = Statement(person_of)
    first, second = PracticeFactory(), PracticeFactory()
    person = PatientFactory(related_to=[first])
    today = timezone.localdate()
    found = statement.rows(
        "organisation", organisation_id=first.pk, today=today, public_id=person.public_id
    )
    assert pks(found) == [person.pk]
    assert found[0].given_name == person.given_name
    assert (
        statement.rows(
            "organisation", organisation_id=second.pk, today=today, public_id=person.public_id
        )
        == []
    )


def test_the_day_is_a_value_too_a_relationship_that_has_expired_is_not_read():
    statement = Statement(people_of)
    practice = PracticeFactory()
    person = PatientFactory(related_to=[practice])
    today = timezone.localdate()
    person.relationships.update(expires_on=today)
    assert pks(statement.rows("organisation", organisation_id=practice.pk, today=today)) == [
        person.pk
    ]
    tomorrow = today + datetime.timedelta(days=1)
    assert statement.rows("organisation", organisation_id=practice.pk, today=tomorrow) == []


def test_what_is_kept_is_sql_and_positions_never_a_callers_value():
    statement = Statement(person_of)
    practice = PracticeFactory()
    person = PatientFactory(related_to=[practice])
    today = timezone.localdate()
    statement.rows(
        "organisation", organisation_id=practice.pk, today=today, public_id=person.public_id
    )
    [kept] = statement._kept.values()
    assert {name for name, _ in kept.slots if name} == {"organisation_id", "today", "public_id"}
    constants = [constant for name, constant in kept.slots if name is None]
    for value in (practice.pk, person.public_id, person.public_id.hex, today, today.isoformat()):
        assert value not in constants
        assert str(value) not in kept.sql


def written_into_the_sql(shape, *, organisation_id, today):
    # A value formatted into the SQL's text: the two stand-ins give two different statements.
    flagged = RawSQL(f"SELECT {int(organisation_id)} AS n", ())  # noqa: S611
    return people_of(shape, organisation_id=organisation_id, today=today).annotate(n=flagged)


def used_to_choose(shape, *, organisation_id, today, limit):
    # A value read in Python, not passed to the database: both stand-ins take one branch.
    rows = people_of(shape, organisation_id=organisation_id, today=today)
    return rows if limit > 0 else rows.filter(given_name="")


def known_to_be_empty(shape, *, organisation_id, today):
    return Patient.objects.none()


@pytest.mark.parametrize(
    "build, extra",
    [(written_into_the_sql, {}), (used_to_choose, {"limit": 2}), (known_to_be_empty, {})],
)
def test_a_statement_that_cannot_be_shown_to_take_its_values_is_built_each_time(build, extra):
    statement = Statement(build)
    practice = PracticeFactory()
    person = PatientFactory(related_to=[practice])
    today = timezone.localdate()
    rows = statement.rows("organisation", organisation_id=practice.pk, today=today, **extra)
    assert list(statement._kept.values()) == [None]  # not prepared
    expected = [] if build is known_to_be_empty else [person.pk]
    assert pks(rows) == expected


def test_only_keys_days_times_and_ids_are_taken_never_text_or_a_bool():
    statement = Statement(people_of)
    with pytest.raises(TypeError):
        statement.rows("organisation", organisation_id=True, today=timezone.localdate())
    with pytest.raises(TypeError):
        statement.rows("organisation", organisation_id="1", today=timezone.localdate())


def related_since(shape, *, organisation_id, since):
    return PatientRelationship.objects.filter(
        organisation_id=organisation_id, created_at__gte=since
    ).order_by("pk")


def test_a_time_is_a_value_like_a_day_each_call_reading_from_its_own():
    statement = Statement(related_since)
    practice = PracticeFactory()
    older, newer = (PatientFactory(related_to=[practice]) for _ in range(2))
    now = timezone.now()
    older.relationships.update(created_at=now - datetime.timedelta(days=40))
    newer.relationships.update(created_at=now - datetime.timedelta(days=2))
    last_month = statement.rows(
        "o", organisation_id=practice.pk, since=now - datetime.timedelta(days=28)
    )
    last_year = statement.rows(
        "o", organisation_id=practice.pk, since=now - datetime.timedelta(days=365)
    )
    assert [row.patient_id for row in last_month] == [newer.pk]
    assert [row.patient_id for row in last_year] == [older.pk, newer.pk]
    assert None not in statement._kept.values()  # prepared, a time as a parameter


def test_a_time_given_for_a_day_is_never_prepared_but_still_read_as_the_orm_reads_it():
    # The ORM turns the time into its day before it reaches the SQL: the stand-ins are not
    # found among the parameters, so the statement is built each time.
    statement = Statement(people_of)
    practice = PracticeFactory()
    person = PatientFactory(related_to=[practice])
    rows = statement.rows("organisation", organisation_id=practice.pk, today=timezone.now())
    assert pks(rows) == [person.pk]
    assert list(statement._kept.values()) == [None]


def test_the_test_settings_check_catches_a_statement_reading_what_it_was_not_given(settings):
    settings.GATEWAY_CHECK_PREPARED = True
    hidden = {"organisation_id": 0}

    def reads_a_hidden_value(shape, *, today):
        return people_of(shape, organisation_id=hidden["organisation_id"], today=today)

    statement = Statement(reads_a_hidden_value)
    first, second = PracticeFactory(), PracticeFactory()
    PatientFactory(related_to=[first])
    hidden["organisation_id"] = first.pk
    statement.rows("organisation", today=timezone.localdate())
    hidden["organisation_id"] = second.pk  # the kept SQL still says the first
    with pytest.raises(AssertionError, match="differs from the ORM"):
        statement.rows("organisation", today=timezone.localdate())


def test_statements_are_prepared_again_each_day():
    statement = Statement(people_of)
    practice = PracticeFactory()
    PatientFactory(related_to=[practice])
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)):
        statement.rows("organisation", organisation_id=practice.pk, today=timezone.localdate())
        [first] = statement._kept.values()
    with time_machine.travel(datetime.datetime(2026, 12, 8, 12, tzinfo=datetime.UTC)):
        statement.rows("organisation", organisation_id=practice.pk, today=timezone.localdate())
        [second] = statement._kept.values()
    assert first is not second


def test_the_scope_built_from_values_is_the_scope_visible_patients_reads():
    practice, other = PracticeFactory(), PracticeFactory()
    user = MembershipFactory(organisation=practice, role=Role.PRACTICE_STAFF).user
    people = [PatientFactory(related_to=[practice]) for _ in range(2)]
    PatientFactory(related_to=[other])
    ended = PatientFactory(related_to=[practice])
    ended.relationships.update(is_active=False)
    assert scope_shape(user, practice) == WHOLE_ORGANISATION
    from_values = people_of("organisation", organisation_id=practice.pk, today=timezone.localdate())
    assert pks(from_values) == pks(visible_patients(user, practice).order_by("pk"))
    assert pks(from_values) == sorted(p.pk for p in people)


def test_roles_without_the_organisations_whole_scope_are_never_read_through_it():
    practice, other = PracticeFactory(), PracticeFactory()
    panel = MembershipFactory(organisation=practice, role=Role.PANEL_MEMBER).user
    staff_elsewhere = MembershipFactory(organisation=other, role=Role.PRACTICE_STAFF).user
    assert scope_shape(panel, practice) != WHOLE_ORGANISATION
    assert scope_shape(staff_elsewhere, practice) is None
    assert scope_shape(None, practice) is None


def test_a_list_is_counted_and_paged_as_the_orm_would_each_page_its_own_statement():
    first, second = PracticeFactory(), PracticeFactory()
    theirs = sorted(PatientFactory(related_to=[first]).pk for _ in range(7))
    PatientFactory(related_to=[second])
    today = timezone.localdate()
    rows = PreparedRows(people_of, "organisation", organisation_id=first.pk, today=today)
    assert rows.count_up_to(5) == 5  # counted only so far
    assert rows.count_up_to(100) == 7
    assert [pks(rows[start : start + 3]) for start in (0, 3, 6)] == [
        theirs[0:3],
        theirs[3:6],
        theirs[6:7],
    ]
    assert rows[7:7] == []  # an empty page reads nothing
    # A last page that ends at the count is read as a whole page and cut: the same statement.
    assert pks(rows[6:7]) == theirs[6:7]
    elsewhere = PreparedRows(people_of, "organisation", organisation_id=second.pk, today=today)
    assert elsewhere.count_up_to(100) == 1
    counted, paged = list_statements(people_of)
    assert len(counted._kept) == 2 and None not in counted._kept.values()  # two limits
    assert len(paged._kept) == 3 and None not in paged._kept.values()  # three pages
    with pytest.raises(TypeError):
        rows[2]  # a page at a time, never one row


def test_an_empty_list_counts_none_even_with_nothing_in_its_table():
    Patient.objects.all().delete()
    rows = PreparedRows(
        people_of, "organisation", organisation_id=PracticeFactory().pk, today=timezone.localdate()
    )
    assert rows.count_up_to(10) == 0
    assert rows[0:25] == []
