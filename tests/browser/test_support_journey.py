"""The whole support journey, in a real browser: the demo support worker records Jordan's needs and
sees the multiple-disadvantage status appear, completes an Edmonton Frail Scale, refers him
to a refuge which declines with "needs too high", holds a multi-agency meeting with his views
and an action that shows on the owner's worklist. Then the commissioner sees the decline on
the report. Every page visited has zero axe WCAG 2.2 AA violations at 1280px and at 320px.
Each step is a function named after the behaviour it shows, so a failure says which.

serialized_rollback: the decline reasons and Edmonton band table are reference rows added by
migrations, which a transactional test's flush empties; this puts them back first."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.nonprod.demo_data import demo_nhs_number
from gateway.patients.models import Patient

from .helpers import choose, fill_date, signed_in_page, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_need(page, check_accessible, needs, evidence, today):
    """Several needs seen together go on one form."""
    page.get_by_role("button", name="Add a need").click()
    check_accessible(page)
    for need in [needs] if isinstance(needs, str) else needs:
        choose(page, "Which needs?", need)
    choose(page, "Is this need current or in the past?", "Current")
    page.get_by_label("Evidence").fill(evidence)
    fill_date(page, "id_noted_on", today)
    submit(page, "Add the needs", check_accessible)


def the_needs_recorded_together_make_the_multiple_disadvantage_status_appear(
    page, jordan, today, check
):
    """Three of the four core needs meet the demo commissioner's 3-of-4 definition."""
    page.goto(f"/support/patients/{jordan.public_id}")
    check(page)
    assert "Robbed twice near the day centre" in page.locator(".app-flags").inner_text()
    add_need(
        page,
        check,
        ["Homelessness", "Substance misuse"],
        "Sleeping in his car since March, and drinks daily, says so himself",
        today,
    )
    assert "Does not meet" in page.locator("#mcn-status").inner_text()
    add_need(page, check, "Mental ill health", "Low mood, on the CMHT list", today)
    assert "Meets the multiple-disadvantage definition (3 of 4 core needs" in (
        page.locator("#mcn-status").inner_text()
    )


def an_edmonton_frail_scale_scores_into_its_uk_frailty_toolkit_band(page, today, check):
    page.get_by_role("link", name="Record a new Edmonton Frail Scale").click()
    check(page)
    fill_date(page, "id_assessed_on", today)
    choose(page, "Clock drawing check", "Minor spacing errors")
    page.get_by_label("Hospital admissions in the past year").fill("3")
    choose(page, "How the person rates their own health", "Poor")
    page.get_by_label("Daily activities the person needs help with (0 to 8)").fill("2")
    choose(page, "Can count on someone to help when needed", "Never")
    for question in (
        "Takes 5 or more regular medicines",
        "Sometimes forgets to take medicines",
        "Recent weight loss",
        "Often feels sad or low",
        "Problem with bladder control",
    ):
        choose(page, question, "No")
    page.get_by_label("Timed get-up-and-go (seconds)").fill("25")
    submit(page, "Save the assessment", check)
    # 1 + 2 + 2 + 1 + 2 + 0 × 5 + 2 (25 seconds) = 10: the UK Frailty Toolkit band.
    assert "Moderate frailty" in page.locator("main").inner_text()


def a_refuge_referral_is_checked_then_recorded(page, jordan, today, check):
    page.goto(f"/support/patients/{jordan.public_id}/referrals")
    check(page)
    page.get_by_role("button", name="Make a referral").click()
    check(page)
    choose(page, "What kind of service?", "Refuge")
    page.get_by_label("The service, if it uses Gateway").select_option(
        label="Safe Harbour Refuge (demo)"
    )
    page.get_by_label("Why the person is being referred").fill(
        "Threatened by his brother at the car park; needs somewhere safe"
    )
    fill_date(page, "id_sent_on", today)
    submit(page, "Continue", check)
    assert "Check your answers before you record the referral" in page.locator("main").inner_text()
    submit(page, "Record the referral", check)
    assert "What happens next" in page.locator("main").inner_text()
    page.get_by_role("link", name="See the referral").click()
    check(page)
    assert "Sent" in page.locator("#referral-status").inner_text()


def the_refuges_decline_is_recorded_with_its_reason_after_an_empty_answer_is_refused(
    page, today, check
):
    page.get_by_role("button", name="Record what happened").click()
    check(page)
    page.get_by_role("button", name="Record what happened").click()  # nothing chosen
    page.wait_for_load_state()
    assert page.title().startswith("Error")
    check(page)
    choose(page, "What has happened?", "The service declined the referral")
    fill_date(page, "id_on", today)
    choose(
        page,
        "If it was declined, the reason the service gave",
        "Needs too high for the service",
    )
    page.get_by_label("Details (optional)").fill("They cannot support his drinking")
    submit(page, "Record what happened", check)
    status = page.locator("#referral-status").inner_text()
    assert "Declined: Needs too high for the service" in status
    assert "declined" in page.locator("#referral-history").inner_text().lower()


def a_multi_agency_meeting_records_the_persons_views_in_their_words(page, jordan, today, check):
    page.goto(f"/support/patients/{jordan.public_id}/meetings/new")
    check(page)
    fill_date(page, "id_held_on", today)
    page.get_by_label("Sussex Outreach (demo)", exact=True).check()
    choose(page, "Did the person take part?", "Took part in the meeting")
    page.get_by_label("The person's views, in their words").fill(
        "I'd go to a refuge if they'd have me. Don't send me back to the car park."
    )
    submit(page, "Continue", check)
    assert "Don't send me back to the car park." in page.locator("main").inner_text()
    submit(page, "Record the meeting", check)
    assert "What happens next" in page.locator("main").inner_text()
    page.get_by_role("link", name="See the meeting").click()
    check(page)
    assert "Don't send me back to the car park." in page.locator("#persons-views").inner_text()


def an_action_from_the_meeting_goes_to_its_owner(page, today, check):
    page.get_by_role("button", name="Add an action").click()
    check(page)
    page.get_by_label("What needs to be done").fill("Ask the council for emergency housing")
    page.get_by_label("Who will do it").select_option(label="Sam Support (Sussex Outreach (demo))")
    fill_date(page, "id_due_on", today + datetime.timedelta(days=2))
    submit(page, "Add the action", check)


def the_workers_own_lists_show_the_action_and_the_declined_referral(page, check):
    page.goto("/")
    check(page)
    page.get_by_role("link", name="Your actions").click()
    check(page)
    assert "Ask the council for emergency housing" in page.locator("#your-actions").inner_text()
    page.goto("/support/referrals")
    check(page)
    assert "Needs too high for the service" in page.locator("#your-referrals").inner_text()


def the_commissioners_report_counts_the_decline_by_reason_and_by_service(page, check):
    page.get_by_role("link", name="Referrals declined by services").click()
    check(page)
    by_reason = page.locator("#by-reason").inner_text()
    assert "Needs too high for the service\t1" in by_reason or "Needs too high" in by_reason
    assert "Needs too high for the service: 1" in page.locator("#by-service").inner_text()


def test_support_worker_journey_needs_edmonton_refuge_decline_meeting(
    browser, live_server, check_accessible
):
    """Each step is a function named after what it shows, so a failure names the step."""
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    today = timezone.localdate()
    check = check_accessible
    worker = signed_in_page(browser, live_server, check, "support-worker")

    the_needs_recorded_together_make_the_multiple_disadvantage_status_appear(
        worker, jordan, today, check
    )
    an_edmonton_frail_scale_scores_into_its_uk_frailty_toolkit_band(worker, today, check)
    a_refuge_referral_is_checked_then_recorded(worker, jordan, today, check)
    the_refuges_decline_is_recorded_with_its_reason_after_an_empty_answer_is_refused(
        worker, today, check
    )
    a_multi_agency_meeting_records_the_persons_views_in_their_words(worker, jordan, today, check)
    an_action_from_the_meeting_goes_to_its_owner(worker, today, check)
    the_workers_own_lists_show_the_action_and_the_declined_referral(worker, check)

    commissioner = signed_in_page(browser, live_server, check, "commissioner")
    the_commissioners_report_counts_the_decline_by_reason_and_by_service(commissioner, check)
