"""The review pages round-trip: each input to a review (the patient's view with how they gave
it), the review decision with its step-down plan, an exception discharge and the completed
discharge are stored as typed."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.sas.forms.reviews import (
    CompleteDischargeForm,
    ExceptionDischargeForm,
    ReviewDecisionForm,
    ReviewInputForm,
)
from gateway.sas.models import DischargePlan, Review
from gateway.sas.services import discharge as discharge_service
from gateway.sas.services.reviews import Input
from gateway.sas.tests.factories import OnScheme
from gateway.sas.tests.review_helpers import TODAY, discharge_data
from tests.factories import PracticeFactory

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

# The first review is due on this day, a year after allocation (as the review tests use).
DAY = datetime.datetime.combine(TODAY, datetime.time(12))
HELD_ON = TODAY - datetime.timedelta(days=2)
ONLY_THE_PATIENTS_VIEW = (
    "asked only with the patient's view; the page for this input has no such question"
)
PLAN_ONLY_FOR_DISCHARGE = "a step-down plan is made only when the patient is discharged"


def _post(client, url, data):
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)


def _input(client, kind, who, data):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    user = {"sas": scheme.sas_user, "support": scheme.support_user}[who]
    organisation = {"sas": scheme.sas_practice, "support": scheme.support_org}[who]
    sign_in(client, user, organisation)
    url = reverse("sas:review-input", kwargs={"public_id": review.public_id, "kind": kind})
    _post(client, url, data)
    review.refresh_from_db()
    return review


@scenario(ReviewInputForm)
@time_machine.travel(DAY, tick=False)
def patients_view(client):
    """The patient's view, recorded by their support worker: their words and how they gave
    them."""
    data = {"how": "support_worker", "text": "I want a GP near my hostel. I go to the day centre."}
    review = _input(client, Input.PATIENT_VIEW, "support", data)
    stored = {"text": review.patient_view, "how": review.patient_view_how}
    return RoundTrip(ReviewInputForm, data, stored)


@time_machine.travel(DAY, tick=False)
def practice_report(client):
    data = {"text": "Kept nine of ten appointments; no incidents since March."}
    review = _input(client, Input.PRACTICE_REPORT, "sas", data)
    return RoundTrip(
        ReviewInputForm,
        data,
        {"text": review.practice_report},
        unstored={"how": ONLY_THE_PATIENTS_VIEW},
    )


@time_machine.travel(DAY, tick=False)
def support_worker_input(client):
    data = {"text": "Settled in the hostel; would manage at a mainstream practice with help."}
    review = _input(client, Input.SUPPORT_WORKER, "support", data)
    return RoundTrip(
        ReviewInputForm,
        data,
        {"text": review.support_worker_input},
        unstored={"how": ONLY_THE_PATIENTS_VIEW},
    )


def _plan_data(scheme):
    """Every step-down answer, a practice chosen from the list and a note as well."""
    return {
        "target_practice": str(scheme.mainstream.pk),
        "target_practice_note": "Registration booked for the first week of July",
        "medication_cover": "Repeat prescriptions from the SAS practice until registered",
        "referrals_to_hand_over": "Dermatology referral waiting for an appointment",
        "stay_in_touch_months": "6",
    }


def _plan_stored(plan):
    return {
        "target_practice": plan.target_practice,
        "target_practice_note": plan.target_practice_note,
        "medication_cover": plan.medication_cover,
        "referrals_to_hand_over": plan.referrals_to_hand_over,
        "stay_in_touch_months": plan.stay_in_touch_months,
    }


def _decided(client, decision):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "patient_took_part": Review.HowTookPart.THROUGH_WORKER,
        **date_parts("held_on", HELD_ON),
        "decision": decision,
        "reasons": "A settled year: appointments kept and no incidents since March.",
        "what_would_change_it": "Another six months with appointments kept",
        **_plan_data(scheme),
    }
    sent = submit(
        client, reverse("sas:review-decide", kwargs={"public_id": review.public_id}), data
    )
    assert sent.status_code == 302, page_errors(sent)
    _post(client, sent["Location"], {})  # saved from the check-answers page
    review.refresh_from_db()
    stored = {
        "patient_took_part": review.patient_took_part,
        "held_on": review.held_on,
        "decision": review.decision,
        "reasons": review.reasons,
        "what_would_change_it": review.what_would_change_it,
    }
    return scheme, review, data, stored


@scenario(ReviewDecisionForm)
@time_machine.travel(DAY, tick=False)
def discharged_at_review(client):
    scheme, review, data, stored = _decided(client, Review.Decision.DISCHARGE)
    stored.update(_plan_stored(DischargePlan.objects.get(episode=scheme.episode, review=review)))
    return RoundTrip(ReviewDecisionForm, data, stored)


@time_machine.travel(DAY, tick=False)
def remains_after_review(client):
    scheme, review, data, stored = _decided(client, Review.Decision.REMAIN)
    assert not DischargePlan.objects.filter(episode=scheme.episode).exists()
    unstored = dict.fromkeys(_plan_data(scheme), PLAN_ONLY_FOR_DISCHARGE)
    return RoundTrip(ReviewDecisionForm, data, stored, unstored=unstored)


@scenario(ExceptionDischargeForm)
@time_machine.travel(DAY, tick=False)
def exception_discharge(client):
    scheme = OnScheme.awaiting_first_review()
    # The commissioner records the exception panel's decision (a panel member sees only the
    # people already before a panel: ADR 0035).
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "patient_took_part": Review.HowTookPart.IN_PERSON,
        **date_parts("held_on", HELD_ON),
        "reasons": "Housed near family and settled with a support worker; the panel sees no risk.",
        **_plan_data(scheme),
    }
    url = reverse("sas:exception-discharge", kwargs={"public_id": scheme.episode.public_id})
    _post(client, url, data)
    review = Review.objects.get(episode=scheme.episode, is_exception=True)
    stored = {
        "patient_took_part": review.patient_took_part,
        "held_on": review.held_on,
        "reasons": review.reasons,
        **_plan_stored(DischargePlan.objects.get(episode=scheme.episode, review=review)),
    }
    return RoundTrip(ExceptionDischargeForm, data, stored)


@scenario(CompleteDischargeForm)
@time_machine.travel(DAY, tick=False)
def discharge_completed(client):
    """The patient registered with another practice than the one planned: the one chosen
    is kept."""
    scheme = OnScheme.awaiting_first_review()
    discharge_service.exception_discharge(
        scheme.commissioner_user,
        scheme.commissioner,
        scheme.episode,
        scheme.episode.version,
        {**discharge_data(scheme, held_on=HELD_ON), "reasons": "Settled, housed near family"},
    )
    registered_with = PracticeFactory(commissioner=scheme.commissioner, name="Kemptown Surgery")
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    data = {
        "registered_practice": str(registered_with.pk),
        **date_parts("registered_on", TODAY - datetime.timedelta(days=1)),
    }
    url = reverse("sas:discharge-complete", kwargs={"public_id": scheme.episode.public_id})
    _post(client, url, data)
    plan = DischargePlan.objects.get(episode=scheme.episode)
    stored = {"registered_practice": plan.registered_practice, "registered_on": plan.registered_on}
    return RoundTrip(CompleteDischargeForm, data, stored)


def test_the_patients_view_keeps_their_words_and_how_they_gave_them(client):
    check(patients_view(client))


def test_the_sas_practices_report_for_a_review_is_kept(client):
    check(practice_report(client))


def test_the_support_workers_input_for_a_review_is_kept(client):
    check(support_worker_input(client))


def test_a_discharge_at_review_keeps_the_decision_and_every_part_of_the_step_down_plan(client):
    check(discharged_at_review(client))


def test_a_decision_to_remain_keeps_the_reasons_and_what_would_change_it(client):
    check(remains_after_review(client))


def test_an_exception_discharge_keeps_the_panels_reasons_and_the_step_down_plan(client):
    check(exception_discharge(client))


def test_a_completed_discharge_keeps_the_practice_and_the_date_of_registration(client):
    check(discharge_completed(client))
