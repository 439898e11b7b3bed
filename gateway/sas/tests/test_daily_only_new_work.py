"""The scheme's daily jobs do only new work (ADR 0044, hazard H57): a second run the same day
does nothing and reports zero; its cost does not grow with reviews already asked about and
overdue plans already left for staff; inputs due today after yesterday's run are asked for today
exactly once; a run stopped half way is completed once by the next run."""

import datetime

import pytest
import time_machine

from gateway.sas.models import Deadline, DischargePlan, Review
from gateway.sas.services import review_scheduling
from gateway.sas.states import State
from gateway.sas.tasks import run_daily

from .factories import OnScheme
from .test_discharge import planned_under

pytestmark = pytest.mark.django_db
AFTER_DISCHARGE_BY = datetime.date(2026, 9, 10)
INPUT_KINDS = [kind for kind, _, _ in review_scheduling.INPUTS.values()]


class Stopped(Exception):
    pass


def _history(size):
    """size episodes awaiting a review and size plans past their discharge-by date under a
    policy that does not discharge automatically; the first run handles them all."""
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False):
        waiting = [OnScheme.awaiting_first_review() for _ in range(size)]
    planned = [planned_under(automatic_discharge_when_not_registered=False) for _ in range(size)]
    return waiting, planned


def test_second_run_the_same_day_does_nothing_and_reports_zero():
    waiting, planned = _history(1)
    first = run_daily(AFTER_DISCHARGE_BY)
    assert first["discharge_overdue_plans"] == 0  # the policy leaves it to staff
    assert run_daily(AFTER_DISCHARGE_BY) == dict.fromkeys(first, 0)
    plan = DischargePlan.objects.get(episode=planned[0].episode)
    assert plan.left_for_staff_on == AFTER_DISCHARGE_BY
    assert planned[0].refresh().state == State.DISCHARGE_PLANNED  # still overdue for staff
    review = Review.objects.get(episode=waiting[0].episode, status=Review.Status.SCHEDULED)
    assert review.inputs_requested_on is not None
    assert Deadline.objects.filter(review=review, kind__in=INPUT_KINDS).count() == 3


@pytest.mark.parametrize("size", [1, 10])
def test_steady_state_cost_does_not_grow_with_history(size, django_assert_max_num_queries):
    """The same query bound with 10× the history handled on earlier days: one indexed query per
    job that finds nothing new (inputs, discharges, missing reviews, passed appeal windows)."""
    _history(size)
    run_daily(AFTER_DISCHARGE_BY)
    with django_assert_max_num_queries(4):
        counts = run_daily(AFTER_DISCHARGE_BY)
    assert set(counts.values()) == {0}


def test_inputs_due_after_yesterdays_run_are_asked_for_today_exactly_once():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False):
        scheme = OnScheme.awaiting_first_review()
        review = scheme.review()
    asked_on = review.due_on - datetime.timedelta(days=28)
    assert run_daily(asked_on - datetime.timedelta(days=1))["request_due_review_inputs"] == 0
    assert run_daily(asked_on)["request_due_review_inputs"] == 1
    assert run_daily(asked_on)["request_due_review_inputs"] == 0
    assert run_daily(asked_on + datetime.timedelta(days=40))["request_due_review_inputs"] == 0
    assert Deadline.objects.filter(review=review, kind__in=INPUT_KINDS).count() == 3
    review.refresh_from_db()
    assert review.inputs_requested_on == asked_on


def test_inputs_run_stopped_half_way_is_completed_once_by_the_next_run(monkeypatch):
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False):
        reviews = [OnScheme.awaiting_first_review().review() for _ in range(3)]
    real, calls = review_scheduling.letter_to_patient, []

    def stop_at_the_second_letter(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Stopped
        return real(*args, **kwargs)

    monkeypatch.setattr(review_scheduling, "letter_to_patient", stop_at_the_second_letter)
    day = datetime.date(2026, 5, 20)
    with pytest.raises(Stopped):
        review_scheduling.request_due_review_inputs(today=day)
    assert Review.objects.filter(inputs_requested_on=day).count() == 1
    monkeypatch.setattr(review_scheduling, "letter_to_patient", real)
    assert review_scheduling.request_due_review_inputs(today=day) == 2
    assert review_scheduling.request_due_review_inputs(today=day) == 0
    for review in reviews:
        assert Deadline.objects.filter(review=review, kind__in=INPUT_KINDS).count() == 3


def test_scheduling_stopped_half_way_is_completed_once_by_the_next_run(monkeypatch):
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False):
        schemes = [OnScheme.awaiting_first_review() for _ in range(3)]
        monkeypatch.setattr(review_scheduling, "SCHEDULING_BATCH", 2)
        real, calls = review_scheduling.ensure_review_scheduled, []

        def stop_at_the_third(*args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise Stopped
            return real(*args, **kwargs)

        monkeypatch.setattr(review_scheduling, "ensure_review_scheduled", stop_at_the_third)
        with pytest.raises(Stopped):
            review_scheduling.schedule_missing_reviews()
        scheduled = Review.objects.filter(status=Review.Status.SCHEDULED)
        assert scheduled.count() == 2  # the first batch of two was kept
        monkeypatch.setattr(review_scheduling, "ensure_review_scheduled", real)
        assert review_scheduling.schedule_missing_reviews() == 1
        assert review_scheduling.schedule_missing_reviews() == 0
        assert sorted(scheduled.values_list("episode_id", flat=True)) == sorted(
            s.episode.pk for s in schemes
        )
