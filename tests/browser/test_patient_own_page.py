"""The patient's own page from start to finish, in a real browser: SAS practice staff
give a person a one-time code from their record; the person signs in on a phone-sized screen
(320px), reads where they stand, and sends their view for their next review; the
commissioner then sees it on the review page. Every page has zero axe WCAG 2.2 AA violations
(check_accessible: 1280px and 320px, and no sideways scrolling at 320px)."""

import pytest
from django.core.management import call_command

from gateway.sas.models import Review
from gateway.sas.states import State
from tests.browser.helpers import TIMEOUT_MS

from .helpers import (
    MOBILE,
    assert_accessible,
    assert_no_horizontal_scroll,
    choose,
    signed_in_page,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=MOBILE, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def _check_on_phone(page):
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_person_gets_a_code_reads_their_page_and_their_view_reaches_the_review(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    review = Review.objects.select_related("episode__patient").get(
        episode__state=State.ALLOCATED,
        episode__patient__given_name="Elliot",
        status=Review.Status.SCHEDULED,
    )
    patient = review.episode.patient

    # The SAS practice gives the code in person, from the person's record.
    staff = signed_in_page(browser, live_server, check_accessible, "sas-practice-staff")
    staff.goto(f"/patients/{patient.public_id}")
    check_accessible(staff)
    staff.get_by_role("link", name="Give a code for their own page").click()
    check_accessible(staff)
    choose(staff, "How do you want to give the code?", "Show it on screen, to give it in person")
    submit(staff, "Give a code", check_accessible)
    code = staff.locator("#portal-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"

    # The person, on their phone: a wrong code first (a plain error, what they typed kept).
    person = _phone_page(browser, live_server)
    person.goto("/my/")
    assert person.url.endswith("/my/sign-in")
    _check_on_phone(person)
    person.get_by_label("Your code").fill("ABCD-2345")
    person.get_by_role("button", name="Sign in").click()
    person.wait_for_load_state()
    assert person.title().startswith("Error")
    assert "That code did not work" in person.locator("main").inner_text()
    _check_on_phone(person)
    person.get_by_label("Your code").fill(code.lower())
    person.get_by_role("button", name="Sign in").click()
    person.wait_for_url("**/my/")
    _check_on_phone(person)
    main = person.locator("main").inner_text()
    assert "You are on a scheme called the Special Allocation Scheme" in main
    assert "Brighton SAS Practice (demo)" in main
    assert "Your next review" in main
    assert "This is called an appeal" in main  # the demo person has appealed already
    assert patient.nhs_number not in person.url
    assert "Where you must not go" in main

    # Every letter says it can be read on their own page: it is there.
    person.get_by_role("link", name="Read your letters").first.click()
    _check_on_phone(person)
    letters = person.locator("#letters a")
    assert letters.count() >= 1
    letters.first.click()
    _check_on_phone(person)
    assert "Sent " in person.locator("main").inner_text()
    person.get_by_role("link", name="Back to your letters").click()
    _check_on_phone(person)
    person.goto("/my/")

    person.get_by_role("link", name="Tell the review what you think").click()
    _check_on_phone(person)
    person.get_by_role("button", name="Send to the review").click()  # nothing written
    person.wait_for_load_state()
    assert "Write what you want the review to know" in person.locator("main").inner_text()
    _check_on_phone(person)
    person.get_by_label("What do you want the review to know?").fill(
        "I have kept every appointment since I moved. I would like to go back to my own GP."
    )
    person.get_by_role("button", name="Send to the review").click()
    person.wait_for_url("**/my/")
    assert "Your view will be read at your review" in person.locator("main").inner_text()
    _check_on_phone(person)
    person.get_by_role("button", name="Sign out").click()
    person.wait_for_url("**/my/sign-in")
    person.goto("/my/")
    assert person.url.endswith("/my/sign-in")

    # The commissioner sees the person's own words on the review page.
    commissioner = signed_in_page(browser, live_server, check_accessible, "commissioner")
    commissioner.goto(f"/sas/reviews/{review.public_id}")
    check_accessible(commissioner)
    text = commissioner.locator("main").inner_text()
    assert "I have kept every appointment since I moved." in text
    assert "they sent it from their own page" in text.lower()
