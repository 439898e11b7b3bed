"""Each role's work, reached from their home page through links only, in a real browser.

One test per role (commissioner, practice staff, SAS practice staff, support worker, panel
member) signs in as the demo user, starts at the home page and follows links — never a typed
address — to each of their tasks, checking on every page the words the person needs there: the
heading, the counts, the warnings and the next step. Every page visited has zero axe WCAG 2.2
AA violations at 1280px and at 320px. The auditor and organisation admin have their own test
(test_auditor_and_organisation_admin.py)."""

import re

import pytest
from django.core.management import call_command

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- Steps every role uses -------------------------------------------------------------------


def given_the_demo_and_a_person_at_home(browser, live_server, check_accessible, who):
    call_command("load_demo", verbosity=0)
    return signed_in_page(browser, live_server, check_accessible, who)


def main_text(page):
    return " ".join(page.locator("main").inner_text().split())


def heading(page):
    return page.locator("main h1").first.inner_text().strip()


def follow(page, name, check_accessible, exact=False):
    """Follow a link in the page's main content (not the header menu) by its words."""
    page.locator("main").get_by_role("link", name=name, exact=exact).first.click()
    page.wait_for_load_state()
    check_accessible(page)
    return main_text(page)


def go_home(page, check_accessible):
    page.locator("header").get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    check_accessible(page)
    return main_text(page)


def assert_shows(text, *words):
    for word in words:
        assert word in text, f"expected {word!r} on the page, it says:\n{text[:3000]}"


# --- Commissioner ----------------------------------------------------------------------------


def then_the_commissioner_home_shows_their_queues_with_counts(page):
    assert_shows(
        main_text(page),
        "Removal reports to screen: 4 waiting",
        "past the 24-hour target",
        "Appeals for the panel: 1 waiting for a decision",
        "Registration worklist: 1 item needs your attention",
    )


def when_they_open_the_oldest_removal_report(page, check_accessible):
    text = follow(page, "Removal reports to screen", check_accessible)
    assert heading(page) == "Removal reports to screen"
    assert_shows(text, "Oldest notice first", "Overdue: past the 24-hour target", "Aaron Fielding")
    text = follow(page, "Aaron Fielding", check_accessible)
    assert heading(page) == "Screen the removal report"
    assert_shows(
        text, "Aaron Fielding", "Screening said: Qualifies", "The incident", "What you can do"
    )
    # A report nobody has picked up yet opens at the decision too: no "start screening" step.
    main = page.locator("main")
    assert main.get_by_role("link", name="It qualifies: allocate to an SAS practice").is_visible()
    assert main.get_by_role("link", name="It does not qualify: decline the report").is_visible()
    assert main.get_by_role("button", name="Start screening").count() == 0


def then_a_report_in_screening_opens_at_the_decision(page, check_accessible):
    page.get_by_role("link", name="Removal reports to screen").first.click()  # the back link
    page.wait_for_load_state()
    text = follow(page, "Bethany Cole", check_accessible)
    assert heading(page) == "Screen the removal report"
    assert_shows(
        text,
        "It qualifies: allocate to an SAS practice",
        "Ask the practice for more information",
        "It does not qualify: decline the report",
    )
    follow(page, "It qualifies: allocate to an SAS practice", check_accessible)
    assert heading(page) == "Allocate to an SAS practice"


def then_the_panel_queue_lists_the_appeal_waiting(page, check_accessible):
    text = follow(page, "Appeals for the panel", check_accessible)
    assert heading(page) == "Appeals for the panel"
    assert_shows(text, "1 appeal waiting", "Elliot Marsh", "Waiting to be acknowledged")


def then_the_registration_worklist_leads_to_acting_on_a_refusal(page, check_accessible):
    text = follow(page, "Registration worklist", check_accessible)
    assert heading(page) == "GP registration worklist"
    assert_shows(text, "1 item", "Dee Marsh", "Refused on grounds that are not reasonable")
    text = follow(page, "Dee Marsh", check_accessible)
    assert_shows(
        text,
        "Status: Refused",
        "Needs your attention",
        "Act on this refusal",
        "Record contacting the practice",
        "Record the outcome or assign a practice",
    )


def test_commissioner_reaches_screening_the_panel_queue_and_registration_worklist_from_home(
    browser, live_server, check_accessible
):
    page = given_the_demo_and_a_person_at_home(
        browser, live_server, check_accessible, "commissioner"
    )
    then_the_commissioner_home_shows_their_queues_with_counts(page)
    when_they_open_the_oldest_removal_report(page, check_accessible)
    then_a_report_in_screening_opens_at_the_decision(page, check_accessible)
    go_home(page, check_accessible)
    then_the_panel_queue_lists_the_appeal_waiting(page, check_accessible)
    go_home(page, check_accessible)
    then_the_registration_worklist_leads_to_acting_on_a_refusal(page, check_accessible)


# --- Practice staff (the removing practice) --------------------------------------------------


def then_the_practice_home_offers_reporting_a_removal_and_their_referrals(page):
    assert_shows(
        main_text(page),
        "Report an immediate removal",
        "Registration referrals: 1 alert and 2 waiting for your answer",
    )


def when_they_start_a_report_and_find_the_patient(page, check_accessible):
    text = follow(page, "Report an immediate removal", check_accessible)
    assert heading(page) == "Find the patient"
    assert_shows(text, "First find the patient's record", "Not on Gateway yet? Add the patient")
    page.get_by_label("Name").fill("Jordan Reeves")
    submit(page, "Search", check_accessible)
    assert_shows(main_text(page), "Patients found")


def then_the_report_form_opens_for_that_patient(page, check_accessible):
    text = follow(page, "Report a removal for Jordan Reeves", check_accessible)
    assert heading(page) == "Report an immediate removal"
    assert_shows(text, "Jordan Reeves", "What did the patient do?")


def then_the_referrals_inbox_shows_what_waits_for_an_answer(page, check_accessible):
    text = follow(page, "Registration referrals", check_accessible)
    assert_shows(text, "Search and filter")


def test_practice_staff_reach_reporting_a_removal_from_home_by_finding_the_patient(
    browser, live_server, check_accessible
):
    page = given_the_demo_and_a_person_at_home(
        browser, live_server, check_accessible, "practice-staff"
    )
    then_the_practice_home_offers_reporting_a_removal_and_their_referrals(page)
    when_they_start_a_report_and_find_the_patient(page, check_accessible)
    then_the_report_form_opens_for_that_patient(page, check_accessible)
    go_home(page, check_accessible)
    then_the_referrals_inbox_shows_what_waits_for_an_answer(page, check_accessible)


# --- SAS practice staff ----------------------------------------------------------------------


def when_they_open_what_is_coming_up_on_their_worklist(page, check_accessible):
    assert_shows(main_text(page), "Your worklist: 0 overdue")
    text = follow(page, "Your worklist", check_accessible)
    assert heading(page) == "Worklist"
    assert_shows(text, "Nothing is due for your organisation by")
    text = follow(page, re.compile(r"^See 3 items due after"), check_accessible)
    assert heading(page) == "Worklist: coming up later"
    assert_shows(text, "3 items", "Review", "Gareth Powell", "Ivan Novak")


def then_the_episode_under_review_shows_where_it_is_and_what_to_do(page, check_accessible):
    text = follow(page, "Gareth Powell", check_accessible)
    assert_shows(
        text,
        "Attend SAS practice only",
        "Under review",
        "What you can do now",
        "Decide the patient remains on the scheme",
        "Decide to discharge the patient",
    )


def then_the_review_shows_its_task_list_with_status_and_due_dates(page, check_accessible):
    text = follow(page, re.compile(r"^Review due"), check_accessible)
    assert heading(page).startswith("Review due")
    assert_shows(text, "Steps to the review decision")
    steps = " ".join(page.locator("main .nhsuk-task-list, main ol, main ul").all_inner_texts())
    steps = " ".join(steps.split())
    assert_shows(
        steps,
        "The SAS practice's report for the review",
        "The patient's own view for the review",
        "The support worker's input for the review",
        "Decide: remain on the scheme or discharge",
        "Completed",
        "Not started",
        "Due by",
    )
    assert page.locator("main").get_by_role("link", name="Record the review and its decision")


def test_sas_practice_staff_reach_a_review_task_list_from_their_worklist(
    browser, live_server, check_accessible
):
    page = given_the_demo_and_a_person_at_home(
        browser, live_server, check_accessible, "sas-practice-staff"
    )
    when_they_open_what_is_coming_up_on_their_worklist(page, check_accessible)
    then_the_episode_under_review_shows_where_it_is_and_what_to_do(page, check_accessible)
    then_the_review_shows_its_task_list_with_status_and_due_dates(page, check_accessible)


# --- Support worker --------------------------------------------------------------------------


def then_the_support_worker_home_shows_clients_actions_and_referrals(page):
    assert_shows(
        main_text(page),
        "Your clients: 3 people",
        "Your actions: 2 to do, 1 overdue",
        "GP registration referrals",
    )


def when_they_open_a_client_and_their_support_page(page, check_accessible):
    text = follow(page, "Your clients", check_accessible)
    assert heading(page) == "Your clients"
    assert_shows(text, "3 people", "Reeves, Jordan", "No referral")
    text = follow(page, "Reeves, Jordan", check_accessible)
    assert_shows(text, "Jordan Reeves", "Risk from others")
    text = follow(page, "Needs and assessments", check_accessible)
    assert_shows(text, "Needs and assessments", "Open actions", "GP registration")


def then_the_support_page_leads_to_a_gp_registration_referral(page, check_accessible):
    assert_shows(main_text(page), "No GP registration referrals for Jordan Reeves")
    text = follow(page, "Refer Jordan Reeves to a GP practice", check_accessible)
    assert heading(page) == "Refer Jordan Reeves to a GP practice"
    assert_shows(text, "They do not need ID, proof of address", "Consent", "Address")


def then_their_registration_referrals_list_offers_a_new_referral(page, check_accessible):
    text = follow(page, "GP registration referrals", check_accessible)
    assert heading(page) == "GP registration referrals"
    assert_shows(text, "No ID or proof of address is needed to register")
    assert page.locator("main").get_by_role("button", name="Refer someone to a GP practice")


def test_support_worker_reaches_a_clients_gp_registration_from_their_support_page(
    browser, live_server, check_accessible
):
    page = given_the_demo_and_a_person_at_home(
        browser, live_server, check_accessible, "support-worker"
    )
    then_the_support_worker_home_shows_clients_actions_and_referrals(page)
    when_they_open_a_client_and_their_support_page(page, check_accessible)
    then_the_support_page_leads_to_a_gp_registration_referral(page, check_accessible)
    go_home(page, check_accessible)
    then_their_registration_referrals_list_offers_a_new_referral(page, check_accessible)


# --- Panel member ----------------------------------------------------------------------------


def then_the_panel_member_home_counts_appeals_waiting(page):
    text = main_text(page)
    assert_shows(text, "Appeals for the panel: 1 waiting for a decision")
    assert "Add a patient" not in text


def when_they_open_the_appeal_waiting_for_the_panel(page, check_accessible):
    text = follow(page, "Appeals for the panel", check_accessible)
    assert heading(page) == "Appeals for the panel"
    assert_shows(text, "1 appeal waiting", "Elliot Marsh", "Not arranged")
    text = follow(page, "Elliot Marsh", check_accessible)
    assert_shows(text, "Appeal against being placed on the scheme", "The patient stays on")


def then_the_appeal_shows_its_task_list_up_to_the_decision(page, check_accessible):
    text = main_text(page)
    assert_shows(
        text,
        "Steps to the panel's decision",
        "Acknowledge the appeal and send the appeal form",
        "Get both forms back",
        "Arrange the panel",
        "Send the papers to the panel",
        "Panel decision",
        "Not started",
        "Cannot start yet",
        "Due by",
        "you will be asked why",
    )
    follow(page, "Record the panel's decision", check_accessible)
    assert_shows(main_text(page), "Elliot Marsh")


def test_panel_member_reaches_an_appeal_task_list_from_the_panel_queue(
    browser, live_server, check_accessible
):
    page = given_the_demo_and_a_person_at_home(
        browser, live_server, check_accessible, "panel-member"
    )
    then_the_panel_member_home_counts_appeals_waiting(page)
    when_they_open_the_appeal_waiting_for_the_panel(page, check_accessible)
    then_the_appeal_shows_its_task_list_up_to_the_decision(page, check_accessible)
