"""The support team, working agreement, meeting and "Your actions" pages in a real browser: the demo
support worker sees their actions from the home page, records a new working agreement with Jordan,
holds a meeting with his views, adds an action for themselves and closes it from their worklist.
Every page visited has zero axe WCAG 2.2 AA violations at 1280px and at 320px. (The issue's whole
journey is in H6's browser test.)"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.nonprod.demo_data import demo_nhs_number
from gateway.patients.models import Patient

from .helpers import choose, fill_date, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick_two(page, question):
    """Tick the first two answers of a "select all that apply" question and return their
    labels, checking both stay ticked."""
    boxes = page.get_by_role("group", name=question).get_by_role("checkbox")
    assert boxes.count() >= 2, f"{question} offers fewer than two answers"
    labels = []
    for i in range(2):
        boxes.nth(i).check()
        labels.append(page.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").inner_text())
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    # A person's label reads "Name (Organisation)": the meeting shows the name.
    return [label.split(" (")[0].strip() for label in labels]


def test_support_worker_runs_the_team_and_meeting_pages(browser, live_server, check_accessible):
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    today = timezone.localdate()
    page = signed_in_page(browser, live_server, check_accessible, "support-worker")

    assert "2 to do, 1 overdue" in page.locator("main").inner_text()
    page.get_by_role("link", name="Your actions").click()
    check_accessible(page)
    rows = page.locator("#your-actions tbody tr")
    assert "Overdue" in rows.first.inner_text()
    assert "Go with Jordan to the nurse appointment" in rows.first.inner_text()
    assert "Jordan" in page.locator("#reviews-due").inner_text()

    page.goto(f"/support/patients/{jordan.public_id}")
    check_accessible(page)
    assert "Lead worker: Sam Support" in page.locator("main").inner_text()
    page.get_by_role("link", name="See the support team and working agreements").click()
    check_accessible(page)
    page.get_by_role("button", name="Add someone to the team").click()
    check_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Record a new working agreement").click()
    check_accessible(page)
    fill_date(page, "id_agreed_on", today)
    page.get_by_label("What the person wants, in their words").fill("A room where my dog can stay")
    page.get_by_label("What the services will do").fill("Sam asks housing every week")
    fill_date(page, "id_review_on", today + datetime.timedelta(days=28))
    submit(page, "Record the agreement", check_accessible)
    assert "A room where my dog can stay" in page.locator("main").inner_text()
    assert "Earlier agreements" in page.locator("main").inner_text()

    page.goto(f"/support/patients/{jordan.public_id}/meetings/new")
    check_accessible(page)
    page.get_by_role("button", name="Continue").click()  # nothing filled in
    page.wait_for_load_state()
    assert page.title().startswith("Error")
    check_accessible(page)
    fill_date(page, "id_held_on", today)
    # Two organisations and two people attended: ticking the second must not untick the
    # first (a "select all that apply" question once kept only one answer).
    attended = tick_two(page, "Organisations that attended") + tick_two(
        page, "People with a Gateway account who attended"
    )
    choose(page, "Did the person take part?", "Took part in the meeting")
    page.get_by_label("The person's views, in their words").fill("I'll try the room in Hove.")
    # Check your answers, with a Change link that keeps what was typed.
    submit(page, "Continue", check_accessible)
    checking = page.locator("main").inner_text()
    assert "Check your answers before you record the meeting" in checking
    for name in attended:
        assert name in checking, f"{name} attended but the check page does not say so"
    page.get_by_role("link", name="Change The person's views, in their words").click()
    check_accessible(page)
    assert page.get_by_label("The person's views, in their words").input_value() == (
        "I'll try the room in Hove."
    )
    submit(page, "Continue", check_accessible)
    submit(page, "Record the meeting", check_accessible)
    assert "Meeting recorded" in page.locator("main").inner_text()
    page.get_by_role("link", name="See the meeting").click()
    check_accessible(page)
    assert "I'll try the room in Hove." in page.locator("#persons-views").inner_text()
    who_attended = page.locator("main").inner_text()
    for name in attended:
        assert name in who_attended, f"{name} attended but the meeting does not say so"

    page.get_by_role("button", name="Add an action").click()
    check_accessible(page)
    page.get_by_label("What needs to be done").fill("Book the viewing in Hove")
    page.get_by_label("Who will do it").select_option(label="Sam Support (Sussex Outreach (demo))")
    fill_date(page, "id_due_on", today + datetime.timedelta(days=2))
    submit(page, "Add the action", check_accessible)
    assert "Book the viewing in Hove" in page.locator("#actions").inner_text()

    page.goto("/support/actions")
    assert "Book the viewing in Hove" in page.locator("#your-actions").inner_text()
    page.get_by_role("link", name="Mark as done or cancel (Book the viewing in Hove)").click()
    check_accessible(page)
    choose(page, "What happened?", "It is done")
    page.get_by_label("What was done, or why it is cancelled").fill("Viewing on Friday")
    submit(page, "Close the action", check_accessible)
    assert "Book the viewing in Hove" not in page.locator("main").inner_text()
