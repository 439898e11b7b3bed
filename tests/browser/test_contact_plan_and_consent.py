"""How to contact a person and what they consented to, in a real browser
(docs/domain/gp-registration.md#registration-through-probation-and-other-services consent,
docs/domain/multiple-disadvantage.md#multiple-disadvantage DASH safe contact): the demo support
worker opens Your clients from the home page, reads Gemma Price's contact plan (the B&B marked never
send here), adds a text route after being told in plain words what was wrong, moves it up, confirms
it, records consent and withdraws it. Every page has zero axe WCAG 2.2 AA violations at 1280px and
320px."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.nonprod.demo_data import demo_nhs_number
from gateway.patients.models import Consent, ContactRoute, Patient

from .helpers import fill_date, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_support_worker_keeps_a_contact_plan_and_consent(browser, live_server, check_accessible):
    call_command("load_demo", verbosity=0)
    gemma = Patient.objects.get(nhs_number=demo_nhs_number(9))

    page = signed_in_page(browser, live_server, check_accessible, "support-worker")
    page.get_by_role("link", name="Your clients").first.click()
    page.wait_for_load_state()
    check_accessible(page)
    page.get_by_role("link", name="Price, Gemma").click()
    page.wait_for_load_state()
    check_accessible(page)
    text = page.locator("main").inner_text()
    assert "Never send here" in text and "Marked never to send here." in text

    page.get_by_role("link", name="Add a way to contact the person").click()
    page.wait_for_load_state()
    check_accessible(page)
    page.get_by_label("Text message to a mobile").check()
    page.get_by_label("Mobile number").fill("01273 123456")
    page.get_by_role("button", name="Add this route").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error")
    assert "Enter a UK mobile number" in page.locator("main").inner_text()
    check_accessible(page)
    page.get_by_label("Mobile number").fill("07700 900463")
    page.get_by_label("I have checked this with the person today").check()
    submit(page, "Add this route", check_accessible)
    route = ContactRoute.objects.get(patient=gemma, phone_number="07700900463")
    assert route.preference == 3

    page.get_by_role("button", name=re.compile(r"Move up\W+route 3")).click()
    page.wait_for_load_state()
    route.refresh_from_db()
    assert route.preference == 2
    page.get_by_role("button", name=re.compile(r"Confirmed today by me\W+route 2")).click()
    page.wait_for_load_state()
    check_accessible(page)

    page.get_by_role("link", name="Record the person's consent").click()
    page.wait_for_load_state()
    check_accessible(page)
    page.get_by_label("Be contacted through a named worker").check()
    page.get_by_label("Named worker", exact=True).select_option(
        label="Sam Support (Sussex Outreach (demo))"
    )
    page.get_by_label("What may be shared or done").fill("Messages about her appointments")
    page.get_by_label("Said so (verbal)").check()
    submit(page, "Record consent", check_accessible)
    consent = Consent.objects.get(patient=gemma, purpose="contact_through_worker")

    page.get_by_role("link", name="Withdraw consent to be contacted through a named worker").click()
    page.wait_for_load_state()
    check_accessible(page)
    fill_date(page, "id_withdrawn_on", timezone.localdate())
    submit(page, "Withdraw consent", check_accessible)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Withdrawn" in page.locator("main").inner_text()
