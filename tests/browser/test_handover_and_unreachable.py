"""Messages to a person by their contact plan, in a real browser (ADR
0012): the demo support worker finds a letter to hand over from the home page, is told in
plain words when the date is missing, records the hand-over, and the list is empty; the
commissioner finds a person no route reached, with what was tried and why. Every page visited
has zero axe WCAG 2.2 AA violations at 1280px and at 320px."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Organisation, User
from gateway.comms import routing
from gateway.comms.models import Message
from gateway.nonprod.demo_data import demo_nhs_number
from gateway.patients.models import Consent, ContactRoute, Patient

from .helpers import fill_date, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LETTER = {
    "greeting": "Jordan",
    "heading": "Your review",
    "paragraphs": ["Your review is on 3 March."],
    "sender_name": "The scheme team",
    "text": "Your review is on 3 March.",
}


def send_to(patient, organisation):
    with transaction.atomic():
        message = routing.queue_for_patient(
            None, organisation, patient=patient, template="comms/plain", context=LETTER
        )
    routing.advance(message.pk)
    message.refresh_from_db()
    return message


def test_worker_hands_over_a_letter_and_commissioner_sees_who_was_not_reached(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    outreach = Organisation.objects.get(name="Sussex Outreach (demo)")
    sam = User.objects.get(full_name="Sam Support")
    commissioner = Organisation.objects.filter(kind=Organisation.Kind.COMMISSIONER).first()
    ContactRoute.objects.filter(patient=jordan).update(ended_at=timezone.now())
    ContactRoute.objects.create(
        patient=jordan, kind="mobile", phone_number="07700900123", safety="never", preference=1
    )
    unreachable = send_to(jordan, commissioner)
    assert unreachable.status == Message.Status.UNREACHABLE
    Consent.objects.create(
        patient=jordan,
        purpose=Consent.Purpose.CONTACT_THROUGH_WORKER,
        organisation=outreach,
        worker=sam,
        starts_on=datetime.date(2020, 1, 1),
        method=Consent.Method.VERBAL,
        recorded_by_organisation=outreach,
    )
    ContactRoute.objects.create(
        patient=jordan, kind="via_worker", worker=sam, worker_organisation=outreach, preference=2
    )
    handover = send_to(jordan, commissioner).tries.get()

    page = signed_in_page(browser, live_server, check_accessible, "support-worker")
    page.get_by_role("link", name="Letters to hand over").click()
    check_accessible(page)
    page.get_by_role("link", name="Jordan Reeves").click()
    check_accessible(page)
    page.get_by_role("button", name="Confirm it was handed over").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error")
    assert "Enter the date you handed it over" in page.locator("main").inner_text()
    check_accessible(page)
    fill_date(page, "id_on", timezone.localdate())
    submit(page, "Confirm it was handed over", check_accessible)
    assert "There are no letters to hand over" in page.locator("main").inner_text()
    handover.refresh_from_db()
    assert handover.status == Message.Status.DELIVERED

    page = signed_in_page(browser, live_server, check_accessible, "commissioner")
    page.get_by_role("link", name="People we could not reach").first.click()
    check_accessible(page)
    text = page.locator("main").inner_text()
    assert "Jordan Reeves" in text and "Marked never to send here." in text
