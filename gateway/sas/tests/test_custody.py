"""Custody (docs/domain/sas-other-changes.md#custody: a patient on the scheme who goes to prison
returns to the scheme on release; docs/adr/0019): release returns the episode to the state custody
interrupted, with its step-down plan and deadlines; while in custody the review and discharge
deadlines are paused (on no worklist, never overdue) and on release they move on by the days spent
in custody."""

import datetime

import pytest
import time_machine

from gateway.accounts.models import Role
from gateway.sas import queries, services
from gateway.sas.models import CustodyPeriod, Deadline, DischargePlan, Review
from gateway.sas.services import discharge as discharge_service
from gateway.sas.services import reviews as review_service
from gateway.sas.states import State

from .factories import OnScheme
from .review_helpers import discharge_data, remain_data

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, 0)


def change(scheme, code):
    services.record_change(
        scheme.sas_user, scheme.sas_practice, scheme.episode, code, scheme.episode.version
    )
    return scheme.refresh()


def decide(scheme, data):
    review = scheme.review()
    review_service.decide_review(
        scheme.commissioner_user, scheme.commissioner, review, scheme.episode.version, data
    )
    return scheme.refresh()


def open_rows(episode, **filters):
    return Deadline.objects.filter(
        episode=episode, met_at__isnull=True, cancelled_at__isnull=True, **filters
    )


def worklist_kinds(scheme, user, organisation, role):
    rows = queries.worklist_items(queries.worklist(user, organisation, {role}))
    return sorted(d.kind for d in rows if d.episode_id == scheme.episode.pk)


def test_release_returns_a_planned_discharge_with_its_plan_and_discharge_by_date():
    """Discharge decided, then custody, then release: still discharge planned, the same
    step-down plan, its discharge-by date moved on by the 30 days in custody, no new review,
    and the automatic-discharge job still finds it."""
    with time_machine.travel(at(2026, 6, 1), tick=False) as clock:
        scheme = OnScheme.awaiting_first_review(automatic_discharge_when_not_registered=True)
        decide(scheme, discharge_data(scheme))
        plan = DischargePlan.objects.get(episode=scheme.episode)
        assert plan.discharge_by == datetime.date(2026, 9, 1)
        change(scheme, "custody")
        clock.move_to(at(2026, 7, 1))
        episode = change(scheme, "release")

    assert episode.state == State.DISCHARGE_PLANNED
    plan.refresh_from_db()
    assert (plan.completed_at, plan.discharge_by) == (None, datetime.date(2026, 10, 1))
    (deadline,) = open_rows(episode, kind="discharge")
    assert deadline.suspended_at is None
    assert deadline.describe() == (
        "Discharge by 1 October 2026 — 3 months from the decision to discharge; discharged "
        "automatically then if not yet registered elsewhere; moved on 30 days for time in "
        "custody"
    )
    assert not episode.reviews.filter(status=Review.Status.SCHEDULED).exists()
    assert not open_rows(episode, kind__startswith="review").exists()
    assert review_service.ensure_review_scheduled(episode) is None
    # The automatic-discharge job sees the plan, on its moved date.
    assert list(discharge_service.overdue_plans(datetime.date(2026, 9, 2))) == []
    with time_machine.travel(at(2026, 10, 2), tick=False):
        assert discharge_service.discharge_overdue_plans() == 1
    assert scheme.refresh().state == State.DISCHARGED


def test_release_returns_a_remaining_episode_to_remaining_with_its_next_review():
    with time_machine.travel(at(2026, 6, 1), tick=False):
        scheme = OnScheme.awaiting_first_review()
        decide(scheme, remain_data())
        (next_review,) = scheme.episode.reviews.filter(status=Review.Status.SCHEDULED)
        change(scheme, "custody")
        episode = change(scheme, "release")
    assert episode.state == State.REMAINING
    assert list(episode.reviews.filter(status=Review.Status.SCHEDULED)) == [next_review]
    assert [d.due_on for d in open_rows(episode, kind="review")] == [datetime.date(2027, 6, 1)]


def test_release_returns_an_episode_under_review_to_under_review():
    with time_machine.travel(at(2026, 6, 1), tick=False):
        scheme = OnScheme.awaiting_first_review()
        review = scheme.review()
        services.start_review(
            scheme.commissioner_user, scheme.commissioner, review, scheme.episode.version
        )
        scheme.refresh()
        change(scheme, "custody")
        episode = change(scheme, "release")
    assert episode.state == State.UNDER_REVIEW
    period = CustodyPeriod.objects.get(episode=episode)
    assert (period.state_before, period.released) == (State.UNDER_REVIEW, True)


def test_custody_pauses_review_deadlines_and_release_moves_them_on_by_the_days_in_custody():
    with time_machine.travel(at(2026, 5, 10), tick=False) as clock:
        scheme = OnScheme.awaiting_first_review()
        review = scheme.review()  # due 1 June 2026; inputs asked for now, due 25 May
        inputs = [
            "review_patient_view",
            "review_practice_report",
            "review_support_worker_input",
        ]
        sas = (scheme.sas_user, scheme.sas_practice, Role.SAS_PRACTICE_STAFF)
        assert worklist_kinds(scheme, *sas) == sorted(["review", *inputs])
        change(scheme, "custody")

        # Ninety days in prison, well past the review date: nothing listed, nothing overdue.
        clock.move_to(at(2026, 8, 8))
        for who in [sas, (scheme.commissioner_user, scheme.commissioner, Role.COMMISSIONER)]:
            assert worklist_kinds(scheme, *who) == []
            assert queries.worklist_counts(*who[:2], {who[2]})["overdue"] == 0
        assert queries.episode_deadlines(scheme.episode) == []
        assert open_rows(scheme.episode, suspended_at__isnull=False).count() == 4

        change(scheme, "release")
        assert worklist_kinds(scheme, *sas) == sorted(["review", *inputs])
        assert queries.worklist_counts(*sas[:2], {sas[2]})["overdue"] == 0

    review.refresh_from_db()
    assert review.due_on == datetime.date(2026, 8, 30)
    due = {d.kind: d.due_on for d in open_rows(scheme.episode)}
    assert due == {
        "review": datetime.date(2026, 8, 30),
        **{kind: datetime.date(2026, 8, 23) for kind in inputs},
    }
    assert "moved on 90 days for time in custody" in open_rows(scheme.episode).first().explanation
    period = CustodyPeriod.objects.get(episode=scheme.episode)
    assert (period.started_on, period.ended_on, period.days_moved, period.released) == (
        datetime.date(2026, 5, 10),
        datetime.date(2026, 8, 8),
        90,
        True,
    )


def test_appeal_deadlines_keep_running_in_custody():
    """An appeal never pauses (docs/domain/sas-appeals.md#appeals): custody does not move the appeal
    window."""
    scheme = OnScheme()
    with time_machine.travel(at(2026, 3, 10), tick=False):
        services.record_change(
            scheme.commissioner_user,
            scheme.commissioner,
            scheme.episode,
            "custody",
            scheme.episode.version,
        )
    appeal = Deadline.objects.get(episode=scheme.episode, kind="appeal_against_placement")
    review = Deadline.objects.get(episode=scheme.episode, kind="review")
    assert (appeal.suspended_at, appeal.cancelled_at) == (None, None)
    assert review.suspended_at is not None
    assert [d.kind for d in queries.episode_deadlines(scheme.episode)] == [
        "appeal_against_placement"
    ]


def test_an_episode_that_ends_in_custody_cancels_its_paused_deadlines_and_closes_the_period():
    with time_machine.travel(at(2026, 5, 10), tick=False):
        scheme = OnScheme.awaiting_first_review()
        scheme.review()
        change(scheme, "custody")
        episode = change(scheme, "death")
    assert episode.state == State.ENDED_DEATH
    assert not open_rows(episode).exists()
    period = CustodyPeriod.objects.get(episode=episode)
    assert (period.ended_on, period.released) == (datetime.date(2026, 5, 10), False)


def test_the_episode_page_says_in_plain_words_that_review_dates_are_paused_in_custody(
    staff_client,
):
    with time_machine.travel(at(2026, 5, 10), tick=False):
        scheme = OnScheme.awaiting_first_review()
        change(scheme, "custody")
        client, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
        page = client.get(f"/sas/episodes/{scheme.episode.public_id}").content.decode()
    assert (
        "The patient has been in custody since 10 May 2026. Review and discharge dates are "
        "paused: they are on no worklist and do not go overdue. When the patient is "
        "released, the episode goes back to where it was, and those dates move on by the "
        "time spent in custody. Appeal dates keep running."
    ) in page
