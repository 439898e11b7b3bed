""" "Your clients" sorted by the caseload date kept on each person's row
(docs/adr/0043-lists-that-stay-fast.md): every kind of write that moves the date moves it in
the same transaction, the list's order follows it (first, last, ties, a passed appeal window),
and a deep page costs what page 1 costs. The conftest checks the stored date against the one
worked out afresh after every test here."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import Patient
from gateway.sas import services as sas_services
from gateway.sas import tasks as sas_tasks
from gateway.sas.models import Deadline
from tests.factories import PartnerFactory

from .test_caseload import client_of, deadline, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(staff_client):
    return staff_client(Role.SUPPORT_WORKER, PartnerFactory())


TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def stored(patient):
    return Patient.objects.get(pk=patient.pk).caseload_due_on


def in_order(html, *people):
    places = [html.index(person.family_name) for person in people]
    return places == sorted(places)


class TestEveryWriteMovesTheDate:
    def test_a_new_deadline_and_a_moved_one(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        assert stored(person) is None
        review = deadline(person, "review", "Review", 30)
        assert stored(person) == days(30)
        review.due_on = days(12)
        review.save()
        assert stored(person) == days(12)

    def test_met_cancelled_or_paused_deadlines_stop_counting(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        deadline(person, "review", "Review", 30)
        form = deadline(person, "patient_appeal_form", "Appeal form", 5)
        panel = deadline(person, "appeal_panel", "Panel", 10)
        Deadline.objects.filter(pk=form.pk).update(met_at=timezone.now())
        assert stored(person) == days(10)
        Deadline.objects.filter(pk=panel.pk).update(suspended_at=timezone.now())
        assert stored(person) == days(30)
        Deadline.objects.filter(episode__patient=person).update(cancelled_at=timezone.now())
        assert stored(person) is None

    def test_deleting_and_bulk_writes(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        first = deadline(person, "review", "Review", 30)
        Deadline.objects.bulk_create(
            [
                Deadline(
                    episode=first.episode,
                    kind="discharge",
                    label="Discharge",
                    starts_on=TODAY(),
                    due_on=days(3),
                    rule="test",
                    explanation="test",
                    policy=first.policy,
                )
            ]
        )
        assert stored(person) == days(3)
        discharge = Deadline.objects.get(kind="discharge")
        discharge.due_on = days(40)
        Deadline.objects.bulk_update([discharge], ["due_on"])
        assert stored(person) == days(30)
        first.delete()
        assert stored(person) == days(40)
        Deadline.objects.filter(episode__patient=person).delete()
        assert stored(person) is None

    def test_only_the_dates_a_support_worker_helps_with_count(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        deadline(person, "allocation", "Allocation", 1)
        assert stored(person) is None

    def test_an_episode_that_closes_takes_its_dates_off_the_caseload(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        review = deadline(person, "review", "Review", 30)
        sas_services.system_transition(review.episode, "mark_entered_in_error", "A test")
        assert stored(person) is None

    def test_a_passed_appeal_window_is_moved_on_by_the_daily_job(self, worker):
        _, user, organisation = worker
        person = client_of(user, organisation)
        deadline(person, "review", "Review", 30)
        deadline(person, "appeal_against_placement", "Appeal", 5)
        row = Patient.objects.get(pk=person.pk)
        assert (row.caseload_due_on, row.appeal_window_ends_on) == (days(5), days(5))
        # Six days on, the window has passed: as if the row was written while it was open.
        window = Deadline.objects.get(kind="appeal_against_placement")
        Deadline.objects.filter(pk=window.pk).update(due_on=days(-1))
        Patient.objects.filter(pk=person.pk).update(
            caseload_due_on=days(-1), appeal_window_ends_on=days(-1)
        )
        assert sas_tasks.move_on_passed_appeal_windows.call(None) == 1
        row = Patient.objects.get(pk=person.pk)
        assert (row.caseload_due_on, row.appeal_window_ends_on) == (days(30), None)
        assert sas_tasks.move_on_passed_appeal_windows.call(None) == 0


class TestTheOrder:
    def test_soonest_first_undated_last_ties_by_name(self, worker):
        client, user, organisation = worker
        undated = client_of(user, organisation, scope="undated")
        zed = client_of(user, organisation)
        Patient.objects.filter(pk=zed.pk).update(search_family_name="zed")
        abel = client_of(user, organisation)
        Patient.objects.filter(pk=abel.pk).update(search_family_name="abel")
        overdue = client_of(user, organisation)
        deadline(zed, "review", "Review", 7)
        deadline(abel, "discharge", "Discharge", 7)
        deadline(overdue, "patient_appeal_form", "Appeal form", -4)
        assert in_order(page(client), overdue, abel, zed, undated)

    def test_a_passed_window_never_puts_a_person_first(self, worker):
        client, user, organisation = worker
        passed = client_of(user, organisation)
        deadline(passed, "review", "Review", 20)
        window = deadline(passed, "appeal_against_placement", "Appeal", 2)
        soon = client_of(user, organisation)
        deadline(soon, "review", "Review", 10)
        assert in_order(page(client), passed, soon)
        # The window passes, and the daily job has not yet run: the list sorts by the review.
        # (The row as it was written while the window was open: last day yesterday.)
        Deadline.objects.filter(pk=window.pk).update(due_on=days(-1))
        Patient.objects.filter(pk=passed.pk).update(
            caseload_due_on=days(-1), appeal_window_ends_on=days(-1)
        )
        html = page(client)
        assert in_order(html, soon, passed)
        assert "Last day to appeal" not in html
        sas_tasks.move_on_passed_appeal_windows.call(None)
        assert in_order(page(client), soon, passed)


def test_a_deep_page_costs_what_page_one_costs(worker, django_assert_max_num_queries):
    client, user, organisation = worker
    for n in range(30):
        deadline(client_of(user, organisation), "review", "Review", n)
    with django_assert_max_num_queries(20) as first:
        html = page(client)
    assert "30 people, showing 1 to 25" in html
    with django_assert_max_num_queries(len(first.captured_queries)):
        deep = page(client, 100000)
    assert "30 people, showing 26 to 30" in deep
