"""Discharge and step-down (docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down):
discharge-by from the policy, minimum stay, exception discharge, completion on registration with the
protected-from-removal note (SI 2020/911), and automatic discharge when the window passes if the
policy says so."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gateway.audit.models import AuditEvent
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas.models import Deadline, DischargePlan, Episode, Review, StatusHistory
from gateway.sas.services import discharge as discharge_service
from gateway.sas.services import reviews as review_service
from gateway.sas.states import State
from gateway.sas.tasks import run_daily

from .factories import OnScheme
from .review_helpers import TODAY, discharge_data, plan_data

pytestmark = pytest.mark.django_db
DECISION_DAY = datetime.datetime(2026, 6, 1, 12, 0)


def decide_discharge(scheme, **overrides):
    review = scheme.review()
    review_service.decide_review(
        scheme.commissioner_user,
        scheme.commissioner,
        review,
        scheme.episode.version,
        discharge_data(scheme, **overrides),
    )
    return scheme.refresh()


@time_machine.travel(DECISION_DAY, tick=False)
def test_discharge_sets_discharge_by_three_months_from_the_decision():
    scheme = OnScheme.awaiting_first_review()
    episode = decide_discharge(scheme)
    assert episode.state == State.DISCHARGE_PLANNED
    plan = DischargePlan.objects.get(episode=episode)
    assert plan.discharge_by == datetime.date(2026, 9, 1)
    assert plan.target_practice == scheme.mainstream
    assert plan.stay_in_touch_months == 6
    row = Deadline.objects.get(episode=episode, kind="discharge")
    assert row.describe() == (
        "Discharge by 1 September 2026 — 3 months from the decision to discharge"
    )
    assert Deadline.objects.get(episode=episode, kind="review").met_at is not None


@time_machine.travel(DECISION_DAY, tick=False)
def test_discharge_needs_a_step_down_plan():
    scheme = OnScheme.awaiting_first_review()
    with pytest.raises(ValidationError) as caught:
        decide_discharge(
            scheme, target_practice=None, medication_cover="", stay_in_touch_months=None
        )
    assert {"target_practice", "medication_cover", "stay_in_touch_months"} <= set(
        caught.value.message_dict
    )


@time_machine.travel(DECISION_DAY, tick=False)
def test_minimum_stay_blocks_a_discharge_decision_before_it_ends():
    scheme = OnScheme.awaiting_first_review(minimum_stay_months=18)
    with pytest.raises(ValidationError) as caught:
        decide_discharge(scheme)
    assert caught.value.message_dict["decision"] == [
        "The patient cannot be discharged at a review before 1 December 2026: this scheme "
        "has a minimum stay of 18 months from allocation. Decide that they remain, or ask an "
        "exception discharge panel."
    ]
    assert Episode.objects.get(pk=scheme.episode.pk).state == State.ALLOCATED


@time_machine.travel(DECISION_DAY, tick=False)
def test_exception_discharge_needs_reasons():
    scheme = OnScheme.awaiting_first_review()
    data = {
        "patient_took_part": Review.HowTookPart.IN_PERSON,
        "held_on": TODAY,
        "reasons": "",
        **plan_data(scheme),
    }
    with pytest.raises(ValidationError) as caught:
        discharge_service.exception_discharge(
            scheme.panel_user, scheme.commissioner, scheme.episode, scheme.episode.version, data
        )
    assert "reasons" in caught.value.message_dict


@time_machine.travel(DECISION_DAY, tick=False)
def test_exception_panel_discharges_at_any_time_even_within_a_minimum_stay():
    scheme = OnScheme.awaiting_first_review(minimum_stay_months=18)
    scheduled = scheme.review()
    data = {
        "patient_took_part": Review.HowTookPart.PHONE,
        "held_on": TODAY,
        "reasons": "Moved to supported housing with a named key worker",
        **plan_data(scheme),
    }
    plan = discharge_service.exception_discharge(
        scheme.panel_user, scheme.commissioner, scheme.episode, scheme.episode.version, data
    )
    episode = scheme.refresh()
    assert episode.state == State.DISCHARGE_PLANNED
    assert plan.review.is_exception and plan.review.decision == Review.Decision.DISCHARGE
    assert Review.objects.get(pk=scheduled.pk).status == Review.Status.CANCELLED
    assert episode.history.latest("id").reason == data["reasons"]


@time_machine.travel(DECISION_DAY, tick=False)
def test_discharge_completes_on_registration_removes_the_sas_flag_and_adds_the_protected_note():
    scheme = OnScheme.awaiting_first_review()
    episode = decide_discharge(scheme)
    with time_machine.travel(datetime.datetime(2026, 7, 15, 10, 0), tick=False):
        discharge_service.complete_discharge(
            scheme.sas_user,
            scheme.sas_practice,
            episode,
            episode.version,
            scheme.mainstream,
            datetime.date(2026, 7, 14),
        )
    episode = scheme.refresh()
    assert episode.state == State.DISCHARGED
    plan = DischargePlan.objects.get(episode=episode)
    assert (plan.registered_practice, plan.registered_on) == (
        scheme.mainstream,
        datetime.date(2026, 7, 14),
    )
    assert not plan.completed_automatically
    flags = PatientFlag.objects.filter(patient=episode.patient, ended_at__isnull=True)
    assert [(f.kind, f.detail) for f in flags] == [
        (
            PatientFlag.Kind.PROTECTED_FROM_REMOVAL,
            "Discharged from SAS on 15 July 2026 — protected from removal for the old incident",
        )
    ]
    assert PatientFlag.objects.get(kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY).ended_at
    # The new practice is responsible now, and sees the note.
    assert PatientRelationship.objects.filter(
        patient=episode.patient, organisation=scheme.mainstream, is_active=True
    ).exists()
    assert Deadline.objects.get(episode=episode, kind="discharge").met_at is not None


@time_machine.travel(DECISION_DAY, tick=False)
def test_completing_needs_the_practice_and_date():
    scheme = OnScheme.awaiting_first_review()
    episode = decide_discharge(scheme)
    with pytest.raises(ValidationError) as caught:
        discharge_service.complete_discharge(
            scheme.sas_user, scheme.sas_practice, episode, episode.version, None, None
        )
    assert set(caught.value.message_dict) == {"registered_practice", "registered_on"}


def planned_under(**policy_values):
    with time_machine.travel(DECISION_DAY, tick=False):
        scheme = OnScheme.awaiting_first_review(**policy_values)
        decide_discharge(scheme)
    return scheme


def test_automatic_discharge_when_the_window_passes_if_the_policy_says_so():
    scheme = planned_under(automatic_discharge_when_not_registered=True)
    with time_machine.travel(datetime.datetime(2026, 9, 1, 12, 0), tick=False):
        assert discharge_service.discharge_overdue_plans() == 0  # the last day is still open
    with time_machine.travel(datetime.datetime(2026, 9, 2, 6, 0), tick=False):
        call_command("sas_daily")
    episode = scheme.refresh()
    assert episode.state == State.DISCHARGED
    plan = DischargePlan.objects.get(episode=episode)
    assert plan.completed_automatically and plan.registered_practice is None
    history = StatusHistory.objects.filter(episode=episode).latest("id")
    assert history.actor is None
    assert history.actor_name == "Gateway (automatic)"
    assert "Discharged automatically" in history.reason
    event = AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE).latest("id")
    assert event.actor_name == "Gateway (automatic)"
    assert PatientFlag.objects.get(
        patient=episode.patient, kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL
    ).detail.startswith("Discharged from SAS on 2 September 2026")


def test_no_automatic_discharge_when_the_policy_says_no_it_stays_overdue():
    scheme = planned_under(automatic_discharge_when_not_registered=False)
    with time_machine.travel(datetime.datetime(2026, 9, 10, 6, 0), tick=False):
        counts = run_daily()
        assert counts["discharge_overdue_plans"] == 0
        overdue = list(discharge_service.overdue_plans())
    assert scheme.refresh().state == State.DISCHARGE_PLANNED
    assert [p.episode_id for p in overdue] == [scheme.episode.pk]
    assert Deadline.objects.get(episode=scheme.episode, kind="discharge").met_at is None


@pytest.fixture
def letters(monkeypatch):
    """Letters queued, rendered with the same Jinja environment the pages use."""
    from django.template.loader import render_to_string

    from gateway.sas.services import review_letters

    queued = []

    def queue(actor, organisation, *, template, context, **kwargs):
        queued.append((template, render_to_string(template, context), kwargs))

    monkeypatch.setattr(review_letters, "queue_for_patient", queue)
    return queued


def test_patient_gets_an_invitation_an_outcome_and_a_discharge_letter_in_plain_words(letters):
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0), tick=False):
        scheme = OnScheme.awaiting_first_review()
        scheme.review()  # within four weeks: inputs asked for and the patient invited
    with time_machine.travel(DECISION_DAY, tick=False):
        episode = decide_discharge(scheme)
        discharge_service.complete_discharge(
            scheme.sas_user,
            scheme.sas_practice,
            episode,
            episode.version,
            scheme.mainstream,
            datetime.date(2026, 6, 1),
        )
    templates = [template for template, _, _ in letters]
    assert templates == [
        "letters/sas/review_invitation.jinja",
        "letters/sas/review_outcome_discharge.jinja",
        "letters/sas/discharge.jinja",
    ]
    invitation, outcome, discharged = (html for _, html, _ in letters)
    assert "You can bring someone with you" in invitation
    assert "1 June 2026" in invitation
    assert "Please register by <strong>1 September 2026</strong>" in outcome
    assert "cannot remove you because of the old incident" in discharged
    assert all(kwargs["patient"] == episode.patient for _, _, kwargs in letters)


def test_remain_letter_says_why_what_would_change_it_and_how_to_appeal(letters):
    from .review_helpers import remain_data

    with time_machine.travel(DECISION_DAY, tick=False):
        scheme = OnScheme.awaiting_first_review()
        review = scheme.review()
        letters.clear()
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            remain_data(),
        )
    (template, html, _), *_ = letters
    assert template == "letters/sas/review_outcome_remain.jinja"
    assert "Six months with no incidents and appointments kept" in html
    assert "Your next review will be by <strong>1 June 2027</strong>" in html
    assert "You must appeal by <strong>29 June 2026</strong>" in html


def test_automatic_discharge_letter_goes_to_the_outbox():
    from gateway.comms.models import Message

    scheme = planned_under(automatic_discharge_when_not_registered=True)
    with time_machine.travel(datetime.datetime(2026, 9, 2, 6, 0), tick=False):
        discharge_service.discharge_overdue_plans()
    letter = Message.objects.filter(patient=scheme.episode.patient).latest("id")
    assert letter.template == "sas/discharge"
