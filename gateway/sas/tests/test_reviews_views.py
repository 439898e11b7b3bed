"""Review and discharge pages: the patient's view recorded by their support worker, the
decision form asking first whether the patient took part, refusals shown on the page (never
a 500), conflicts, 404 for unrelated organisations and bounded queries."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.patients.models import PatientFlag
from gateway.sas.models import Episode, Review
from gateway.sas.states import State
from tests.factories import MembershipFactory, PracticeFactory

from .factories import OnScheme

pytestmark = pytest.mark.django_db
DAY = datetime.datetime(2026, 6, 1, 12, 0)


def _as(client, user, organisation):
    sign_in(client, user, organisation)
    return client


def _decision_post(scheme, **overrides):
    return {
        "version": scheme.episode.version,
        "patient_took_part": "through_worker",
        "held_on_day": "1",
        "held_on_month": "6",
        "held_on_year": "2026",
        "decision": "remain",
        "reasons": "One incident in March",
        "what_would_change_it": "Six months with appointments kept",
        "target_practice": "",
        "target_practice_note": "",
        "medication_cover": "",
        "referrals_to_hand_over": "",
        "stay_in_touch_months": "",
        **overrides,
    }


def _decide(client, url, data):
    """Post the decision form, then save it from the check-answers page; returns the
    response of the save (a redirect to the confirmation page)."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "/decide/check/" in response["Location"]
    return client.post(response["Location"])


@time_machine.travel(DAY, tick=False)
def test_support_worker_records_the_patients_view_and_it_shows_on_the_review(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.support_user, scheme.support_org)
    detail = reverse("sas:review-detail", kwargs={"public_id": review.public_id})
    page = client.get(detail)
    assert page.status_code == 200
    assert "Nothing has been gathered for this review yet." in page.content.decode()
    url = reverse(
        "sas:review-input", kwargs={"public_id": review.public_id, "kind": "patient-view"}
    )
    response = client.post(
        url,
        {"version": review.version, "text": "I want a GP near my hostel.", "how": "support_worker"},
    )
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "I want a GP near my hostel." in page
    assert "through their support worker" in page


@time_machine.travel(DAY, tick=False)
def test_missing_patient_view_keeps_what_was_typed_and_says_what_to_fix(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.sas_user, scheme.sas_practice)
    url = reverse(
        "sas:review-input", kwargs={"public_id": review.public_id, "kind": "patient-view"}
    )
    page = client.post(url, {"version": review.version, "text": "Said it by text message"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error:" in body
    assert "Choose how the patient gave their view" in body
    assert "Said it by text message" in body


@time_machine.travel(DAY, tick=False)
def test_a_review_input_over_someone_elses_change_keeps_what_was_typed_for_the_next_save(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Review.objects.filter(pk=review.pk).update(version=review.version + 3)
    _as(client, scheme.support_user, scheme.support_org)
    url = reverse(
        "sas:review-input", kwargs={"public_id": review.public_id, "kind": "patient-view"}
    )
    typed = {
        "version": review.version,
        "text": "I want a GP near my hostel.",
        "how": "support_worker",
    }
    page = client.post(url, typed)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error:" in body
    assert "Someone else changed this review" in body
    assert "I want a GP near my hostel." in body
    assert f'name="version" value="{review.version + 3}"' in body
    assert client.post(url, {**typed, "version": review.version + 3}).status_code == 302


@time_machine.travel(DAY, tick=False)
def test_decision_form_asks_first_whether_the_patient_took_part(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    body = client.get(url).content.decode()
    assert body.index("Did the patient take part") < body.index("Decision")
    page = client.post(url, _decision_post(scheme, patient_took_part=""))
    assert "Say whether the patient took part, and how" in page.content.decode()
    assert Review.objects.get(pk=review.pk).status == Review.Status.SCHEDULED


@time_machine.travel(DAY, tick=False)
def test_remain_decided_on_the_page_shows_the_next_review(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    response = _decide(client, url, _decision_post(scheme))
    assert response.status_code == 302
    assert "1 June 2027" in client.get(response["Location"]).content.decode()
    body = client.get(reverse("sas:review-detail", kwargs={"public_id": review.public_id}))
    assert "Six months with appointments kept" in body.content.decode()
    assert "1 June 2027" in body.content.decode()


@time_machine.travel(DAY, tick=False)
def test_illegal_transition_is_refused_with_a_clear_message_on_the_page(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Episode.objects.filter(pk=scheme.episode.pk).update(state=State.ON_HOLD_CUSTODY)
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    page = client.post(url, _decision_post(scheme))
    assert page.status_code == 200
    assert "on hold while the patient is in custody" in page.content.decode()


@time_machine.travel(DAY, tick=False)
def test_stale_version_gets_a_conflict_message_and_keeps_what_was_typed(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Episode.objects.filter(pk=scheme.episode.pk).update(version=5)
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    page = client.post(url, _decision_post(scheme))
    body = page.content.decode()
    assert "Someone else changed this episode" in body
    assert "One incident in March" in body
    assert 'name="version" value="5"' in body


@time_machine.travel(DAY, tick=False)
def test_unrelated_organisation_gets_404_for_a_review_and_its_discharge_pages(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    other = PracticeFactory()
    user = MembershipFactory(organisation=other, role=Role.PRACTICE_STAFF).user
    _as(client, user, other)
    for url in [
        reverse("sas:review-detail", kwargs={"public_id": review.public_id}),
        reverse("sas:review-decide", kwargs={"public_id": review.public_id}),
        reverse("sas:discharge-complete", kwargs={"public_id": scheme.episode.public_id}),
        reverse("sas:exception-discharge", kwargs={"public_id": scheme.episode.public_id}),
    ]:
        assert client.get(url).status_code == 404, url


@time_machine.travel(DAY, tick=False)
def test_exception_discharge_page_needs_reasons(client):
    scheme = OnScheme.awaiting_first_review()
    # The commissioner records an exception discharge panel's decision for anyone on its
    # scheme; a panel member sees only the people already before a panel (ADR 0035).
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:exception-discharge", kwargs={"public_id": scheme.episode.public_id})
    page = client.post(
        url,
        {
            "version": scheme.episode.version,
            "patient_took_part": "phone",
            "held_on_day": "1",
            "held_on_month": "6",
            "held_on_year": "2026",
            "reasons": "",
            "target_practice": str(scheme.mainstream.pk),
            "medication_cover": "Repeat prescriptions",
            "stay_in_touch_months": "3",
        },
    )
    assert "Enter the panel&#39;s reasons for discharging the patient early" in (
        page.content.decode()
    )
    assert scheme.refresh().state == State.ALLOCATED


@time_machine.travel(DAY, tick=False)
def test_discharge_decided_and_completed_through_the_pages(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.sas_user, scheme.sas_practice)
    decide = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    response = _decide(
        client,
        decide,
        _decision_post(
            scheme,
            decision="discharge",
            reasons="A settled year",
            what_would_change_it="",
            target_practice=str(scheme.mainstream.pk),
            medication_cover="Repeat prescriptions until registered",
            stay_in_touch_months="6",
        ),
    )
    assert response.status_code == 302
    episode = scheme.refresh()
    assert episode.state == State.DISCHARGE_PLANNED
    complete = reverse("sas:discharge-complete", kwargs={"public_id": episode.public_id})
    assert "1 September 2026" in client.get(complete).content.decode()
    response = client.post(
        complete,
        {
            "version": episode.version,
            "registered_practice": str(scheme.mainstream.pk),
            "registered_on_day": "1",
            "registered_on_month": "6",
            "registered_on_year": "2026",
        },
    )
    assert response.status_code == 302
    assert scheme.refresh().state == State.DISCHARGED
    assert PatientFlag.objects.get(
        patient=episode.patient, kind=PatientFlag.Kind.PROTECTED_FROM_REMOVAL, ended_at=None
    )


@time_machine.travel(DAY, tick=False)
def test_reviews_panel_on_the_episode_page_uses_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    scheme = OnScheme.awaiting_first_review()
    Review.objects.bulk_create(
        Review(
            episode=scheme.episode,
            due_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * i),
            status=Review.Status.DECIDED,
            decision=Review.Decision.REMAIN,
            held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * i),
        )
        for i in range(30)
    )
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:episode-detail", kwargs={"public_id": scheme.episode.public_id})
    client.get(url)
    with django_assert_max_num_queries(40):
        page = client.get(url)
    # Each held review is named by the day it was held (a link), never "Review due".
    assert len(re.findall(r'">Review held \d', page.content.decode())) == 30


def _decision_page(client, review):
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    return client.get(url).content.decode()


@time_machine.travel(DAY, tick=False)
def test_decision_page_shows_the_patients_own_view_and_the_practices_report(client):
    from gateway.sas.services import reviews as review_service

    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    review = review_service.record_review_input(
        scheme.sas_user,
        scheme.sas_practice,
        review,
        "practice-report",
        review.version,
        "Kept every appointment since March.",
    )
    review = review_service.record_review_input(
        scheme.support_user,
        scheme.support_org,
        review,
        "patient-view",
        review.version,
        "I want to be with a GP near my hostel & I have been calm.",
        "support_worker",
    )
    review_service.record_review_input(
        scheme.support_user,
        scheme.support_org,
        review,
        "support-worker",
        review.version,
        "Engaging well with the day centre.",
    )
    _as(client, scheme.commissioner_user, scheme.commissioner)
    body = _decision_page(client, review)
    assert "&lt;p&gt;" not in body
    assert "I want to be with a GP near my hostel &amp; I have been calm." in body
    assert "How it was given: through their support worker" in body
    assert "Kept every appointment since March." in body
    assert "Engaging well with the day centre." in body
    # The patient's view is read first, before the decision is asked for.
    assert body.index("near my hostel") < body.index("Kept every appointment")
    assert body.index("Kept every appointment") < body.index("Did the patient take part")


@time_machine.travel(DAY, tick=False)
def test_decision_page_says_plainly_the_patients_view_was_not_gathered_and_why(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()  # due today: the inputs were asked for on scheduling
    _as(client, scheme.commissioner_user, scheme.commissioner)
    body = _decision_page(client, review)
    assert "&lt;p&gt;" not in body
    assert (
        "Not gathered: the patient&#39;s view was asked for on 1 June 2026, by 1 June 2026, "
        "and nobody has recorded it." in body
    )
    assert "Not received: the SAS practice&#39;s report was asked for on 1 June 2026" in body
    # No support worker input: nothing is shown for it.
    assert "The support worker&#39;s input for the review" not in body


@time_machine.travel(DAY, tick=False)
def test_decision_page_says_the_patient_has_not_been_asked_when_the_review_is_far_off(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Review.objects.filter(pk=review.pk).update(due_on=datetime.date(2026, 12, 1))
    review.deadlines.exclude(kind="review").delete()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    body = _decision_page(client, review)
    assert "Not gathered: the patient has not been asked yet." in body


@time_machine.travel(DAY, tick=False)
def test_decision_page_says_when_the_letter_asking_for_the_view_reached_no_one(client):
    from gateway.comms.models import Message

    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    Message.objects.filter(patient=scheme.episode.patient, template="sas/review_invitation").update(
        status=Message.Status.UNREACHABLE
    )
    _as(client, scheme.commissioner_user, scheme.commissioner)
    body = _decision_page(client, review)
    assert "The letter asking for it did not reach them" in body


@time_machine.travel(DAY, tick=False)
def test_decision_form_says_the_reasons_go_word_for_word_into_the_letter(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    body = _decision_page(client, review)
    assert body.count("This goes word for word into the letter to the patient") == 2
    exception = client.get(
        reverse("sas:exception-discharge", kwargs={"public_id": scheme.episode.public_id})
    ).content.decode()
    assert "This goes word for word into the letter to the patient" in exception


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        "&#39;", "'"
    )


@time_machine.travel(DAY, tick=False)
def test_review_check_answers_shows_each_answer_and_change_keeps_what_was_typed(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    sent = client.post(url, _decision_post(scheme))
    check_url = sent["Location"]
    assert "March" not in check_url  # the answers wait in the session, not the URL
    check = _text(client.get(check_url))
    assert "Did the patient take part Through their support worker" in check
    assert "Reasons One incident in March" in check
    assert "What would change the decision Six months with appointments kept" in check
    change = re.search(
        r'href="([^"]*\?draft=[^"#]*)#id_reasons"', client.get(check_url).content.decode()
    )
    form = client.get(change.group(1)).content.decode()
    assert "One incident in March" in form and "Six months with appointments kept" in form
    assert Review.objects.get(pk=review.pk).status == Review.Status.SCHEDULED


@time_machine.travel(DAY, tick=False)
def test_review_confirmation_says_the_next_review_and_by_when_they_can_appeal(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.commissioner_user, scheme.commissioner)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    saved = _decide(client, url, _decision_post(scheme))
    page = _text(client.get(saved["Location"]))
    assert "Review decision saved" in page
    assert "the decision and the reasons was written on 1 June 2026" in page
    assert "Their next review is due by 1 June 2027" in page
    assert "They can appeal against staying on the scheme. Appeal by 29 June 2026" in page


@time_machine.travel(DAY, tick=False)
def test_review_confirmation_after_discharge_says_the_date_they_must_be_discharged_by(client):
    scheme = OnScheme.awaiting_first_review()
    review = scheme.review()
    _as(client, scheme.sas_user, scheme.sas_practice)
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    data = _decision_post(
        scheme,
        decision="discharge",
        what_would_change_it="",
        target_practice=str(scheme.mainstream.pk),
        medication_cover="Repeat prescriptions until registered",
        stay_in_touch_months="6",
    )
    page = _text(client.get(_decide(client, url, data)["Location"]))
    assert "will be discharged from the scheme" in page
    assert (
        "They must be discharged by 1 September 2026, once they are registered with "
        f"{scheme.mainstream.name}" in page
    )
    assert "it stays in touch for 6 months after they leave the scheme" in page
