"""Reviews with the patient's voice (docs/domain/sas-reviews-and-discharge.md#reviews, Fulfilling
Lives South East's SAS report):
scheduled from the policy, inputs asked for four weeks before, the patient's part always recorded,
remain with reasons and what would change it, and the next review scheduled."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gateway.audit.models import AuditEvent
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.models import Deadline, Episode, Review
from gateway.sas.services import reviews as review_service
from gateway.sas.states import State
from gateway.sas.tasks import run_daily
from tests.factories import PartnerFactory

from .factories import ALLOCATED_ON, OnScheme
from .review_helpers import TODAY, remain_data

pytestmark = pytest.mark.django_db
Input = review_service.Input


@time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False)
def test_first_review_is_scheduled_12_months_after_allocation_under_the_default_policy():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    assert review.due_on == datetime.date(2026, 6, 1)
    (row,) = Deadline.objects.filter(episode=scheme.episode, kind="review")
    assert row.describe() == "Review by 1 June 2026 — 12 months from allocation to the scheme"
    assert row.policy == scheme.policy


@time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False)
def test_first_review_is_scheduled_6_months_after_allocation_under_a_6_month_policy():
    scheme = OnScheme.awaiting_first_review(first_review_after_months=6, review_every_months=6)
    assert scheme.review().due_on == datetime.date(2025, 12, 1)


@time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False)
def test_scheduling_is_idempotent_and_uses_the_deadline_allocation_wrote():
    scheme = OnScheme.awaiting_first_review()
    from gateway.sas import rules

    rule = rules.first_review_due(ALLOCATED_ON, scheme.policy.values())
    Deadline.from_rule(scheme.episode, rule, scheme.policy).save()
    first = review_service.ensure_review_scheduled(scheme.episode)
    again = review_service.ensure_review_scheduled(scheme.episode)
    assert first == again
    assert Review.objects.filter(episode=scheme.episode).count() == 1
    assert Deadline.objects.filter(episode=scheme.episode, kind="review").count() == 1


@time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False)
def test_daily_job_schedules_missing_reviews_only_for_episodes_on_the_scheme():
    scheme = OnScheme.awaiting_first_review()
    closed = OnScheme.awaiting_first_review(state=State.DISCHARGED)
    counts = run_daily()
    assert counts["schedule_missing_reviews"] == 1
    assert scheme.episode.reviews.count() == 1
    assert closed.episode.reviews.count() == 0
    assert run_daily()["schedule_missing_reviews"] == 0


def test_inputs_are_asked_for_four_weeks_before_the_review_and_only_once():
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0), tick=False):
        scheme = OnScheme.awaiting_first_review()
        scheme.review()
        assert review_service.request_due_review_inputs() == 0
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0), tick=False):
        assert review_service.request_due_review_inputs() == 1
        assert review_service.request_due_review_inputs() == 0
    kinds = set(
        Deadline.objects.filter(episode=scheme.episode, kind__startswith="review_").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {
        "review_practice_report",
        "review_patient_view",
        "review_support_worker_input",
    }
    row = Deadline.objects.get(episode=scheme.episode, kind="review_patient_view")
    assert row.due_on == datetime.date(2026, 5, 25)


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0), tick=False)
def test_patient_view_recorded_by_their_support_worker_lands_in_the_review_inputs():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    review_service.record_review_input(
        scheme.support_user,
        scheme.support_org,
        review,
        Input.PATIENT_VIEW,
        review.version,
        "I've kept every appointment. I want a normal GP near my hostel.",
        "support_worker",
    )
    stored = Review.objects.get(pk=review.pk)
    assert stored.patient_view == "I've kept every appointment. I want a normal GP near my hostel."
    assert stored.patient_view_how == "support_worker"
    assert stored.patient_view_recorded_by == scheme.support_user
    assert Deadline.objects.get(episode=scheme.episode, kind="review_patient_view").met_at
    event = AuditEvent.objects.filter(object_id=str(review.public_id)).latest("id")
    assert "patient_view" in event.changed_fields
    assert event.detail["roles"] == ["support_worker"]


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0), tick=False)
def test_patient_view_needs_their_words_and_how_they_gave_it():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(ValidationError) as caught:
        review_service.record_review_input(
            scheme.sas_user, scheme.sas_practice, review, Input.PATIENT_VIEW, 1, " ", ""
        )
    assert set(caught.value.message_dict) == {"text", "how"}


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0), tick=False)
def test_support_worker_not_working_with_the_patient_cannot_add_their_view():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    stranger = PartnerFactory()
    from tests.factories import MembershipFactory

    user = MembershipFactory(organisation=stranger, role="support_worker").user
    with pytest.raises(NotAllowed):
        review_service.record_review_input(
            user, stranger, review, Input.PATIENT_VIEW, review.version, "words", "phone"
        )


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0), tick=False)
def test_stale_review_version_is_refused_and_nothing_is_overwritten():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    review_service.record_review_input(
        scheme.sas_user, scheme.sas_practice, review, Input.PRACTICE_REPORT, 1, "First report"
    )
    stale = Review.objects.get(pk=review.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        review_service.record_review_input(
            scheme.commissioner_user, scheme.commissioner, stale, Input.PRACTICE_REPORT, 1, "Other"
        )
    assert Review.objects.get(pk=review.pk).practice_report == "First report"


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_remain_needs_reasons_and_what_would_change_it():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(ValidationError) as caught:
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            remain_data(reasons="", what_would_change_it=""),
        )
    assert set(caught.value.message_dict) == {"reasons", "what_would_change_it"}
    assert Episode.objects.get(pk=scheme.episode.pk).state == State.ALLOCATED


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_whether_the_patient_took_part_is_required():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(ValidationError) as caught:
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            remain_data(patient_took_part=""),
        )
    assert "patient_took_part" in caught.value.message_dict


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_remain_records_the_review_and_schedules_the_next_one_from_the_policy():
    scheme = OnScheme.awaiting_first_review(review_every_months=6)
    review = scheme.review()
    decided = review_service.decide_review(
        scheme.commissioner_user,
        scheme.commissioner,
        review,
        scheme.episode.version,
        remain_data(),
    )
    assert decided.status == Review.Status.DECIDED
    assert decided.patient_took_part == Review.HowTookPart.THROUGH_WORKER
    assert decided.next_review_on == datetime.date(2026, 12, 1)
    episode = scheme.refresh()
    assert episode.state == State.REMAINING
    assert list(episode.history.values_list("transition", flat=True)) == [
        "allocate",
        "start_review",
        "decide_remain",
    ]
    following = review_service.scheduled_review(episode)
    assert following.due_on == datetime.date(2026, 12, 1)
    row = Deadline.objects.get(episode=episode, kind="review", met_at__isnull=True)
    assert row.explanation == "6 months from the last review"
    appeal = Deadline.objects.get(episode=episode, kind="appeal_against_remaining")
    assert appeal.due_on == TODAY + datetime.timedelta(days=28)


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_panel_member_cannot_start_a_review_so_is_told_who_can():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(NotAllowed) as caught:
        review_service.decide_review(
            scheme.panel_user, scheme.commissioner, review, scheme.episode.version, remain_data()
        )
    assert "only a commissioner or sas practice staff" in caught.value.message.lower()


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_deciding_an_episode_that_has_ended_is_refused_with_a_clear_message():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Episode.objects.filter(pk=scheme.episode.pk).update(state=State.ON_HOLD_CUSTODY)
    scheme.refresh()
    with pytest.raises(IllegalTransition) as caught:
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            remain_data(),
        )
    assert "because the episode is on hold while the patient is in custody" in (
        caught.value.message
    )


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_stale_episode_version_on_decision_is_refused_without_change():
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(ConflictError):
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version + 1,  # someone else saved in between
            remain_data(),
        )
    assert Review.objects.get(pk=review.pk).status == Review.Status.SCHEDULED
    assert Episode.objects.get(pk=scheme.episode.pk).state == State.ALLOCATED


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0), tick=False)
def test_a_review_date_before_any_policy_is_the_dates_error_not_a_crash():
    """Found by Schemathesis (gateway/api/tests/test_schemathesis.py): a review "held" in
    1307 asked for the policy in force then and the page and API answered 500."""
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    with pytest.raises(ValidationError) as caught:
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            remain_data(held_on=datetime.date(1307, 10, 27)),
        )
    assert "no scheme policy in force on 27 October 1307" in caught.value.message_dict["held_on"][0]
    assert Episode.objects.get(pk=scheme.episode.pk).state == State.ALLOCATED
