"""A worker leaves: the organisation admin finds that deactivating them is refused while they
hold open work, hands their caseload on with a check page (everything to one colleague), then
deactivates them. Visible text is checked at each step; every page has zero axe WCAG 2.2 AA
violations at 1280px and 320px (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md)."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.accounts.tests.leavers_world import Refuge
from gateway.comms.models import Message
from gateway.support.models import Action

from .helpers import DESKTOP, TIMEOUT_MS, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_text(page):
    return page.locator("main").inner_text()


def sign_in_as(browser, live_server, user, check_accessible):
    TOTPDevice.objects.filter(user=user).update(key=DEMO_TOTP_SECRET_HEX)
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/sign-in/verify")
    code = f"{totp(bytes.fromhex(DEMO_TOTP_SECRET_HEX)):06d}"
    page.get_by_label("Enter the code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    check_accessible(page)
    return page


def test_admin_hands_on_a_leaving_workers_caseload_with_a_check_page(
    browser, live_server, check_accessible
):
    world = Refuge()
    world.one_of_each()
    page = sign_in_as(browser, live_server, world.admin, check_accessible)

    page.goto(f"/users/{world.leaver.public_id}")
    check_accessible(page)
    text = main_text(page)
    assert "Open work they hold" in text
    assert "Open actions: 1" in text

    page.get_by_role("link", name="Deactivate them").click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "Lee Leaving cannot be deactivated until everything open they hold has a new owner" in (
        main_text(page)
    )

    page.get_by_role("link", name="Hand on their work").first.click()
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert "Hand on Lee Leaving's work" in text
    assert "Lead worker for Jo Bloggs" in text
    assert "6 open items" in text

    page.get_by_label("Who takes all of it?").select_option(label="Sam Staying")
    submit(page, "Check who takes all of it", check_accessible)
    text = main_text(page)
    assert "Check who takes Lee Leaving's work" in text
    assert "Nothing has moved yet. When you confirm, all 6 items move together" in text
    assert "Action for Jo Bloggs: Call housing options" in text
    assert Action.objects.get().owner == world.leaver

    submit(page, "Hand on the work", check_accessible)
    text = main_text(page)
    assert "6 items handed on. Lee Leaving holds no open work now" in text
    assert "Open work they hold" not in text
    assert Action.objects.get().owner == world.sam
    assert Message.objects.filter(
        patient=world.patient, template="support/new_lead_worker"
    ).exists()

    page.get_by_role("link", name="Deactivate them").click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "cannot be deactivated" not in main_text(page)
    submit(page, "Deactivate Lee Leaving", check_accessible)
    assert "Lee Leaving can no longer work for Safe Haven Refuge" in main_text(page)
