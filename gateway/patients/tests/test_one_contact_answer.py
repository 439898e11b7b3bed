"""How we can reach a person has one answer, the contact plan (ADR 0012): the patient record,
the person's own page and the outbox all read it from gateway.patients.queries
.contact_plan_for. With no ways to contact recorded, their current address stands in as a
letter by post, so a person with a home address is never told "no way to contact you" while
letters go to that address."""

import html as html_module
import re

import pytest
from django.db import transaction
from django.urls import reverse

from conftest import sign_in
from gateway.comms import routing
from gateway.comms.models import Message
from gateway.patients.models import ContactRoute
from gateway.portal.tests.helpers import sign_in_patient
from gateway.sas.tests.factories import OnScheme
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db
LETTER = {
    "greeting": "Alex",
    "heading": "Your review",
    "paragraphs": ["Your review is on 3 March."],
    "sender_name": "The practice team",
    "text": "Your review is on 3 March.",
}


def words(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def person(kind):
    scheme = OnScheme.awaiting_first_review()
    patient = scheme.episode.patient
    if kind == "home address":
        AddressFactory(patient=patient, line_1="4 Sea View", town="Hove", postcode="BN3 2PF")
    elif kind == "phone":
        ContactRoute.objects.create(
            patient=patient, kind=ContactRoute.Kind.MOBILE, phone_number="07700900111"
        )
    return scheme


def record_page(client, scheme):
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    url = reverse("patients:detail", args=[scheme.episode.patient.public_id])
    return words(client.get(url).content.decode())


def own_page(client, scheme):
    sign_in_patient(client, scheme)
    return words(client.get(reverse("portal:home")).content.decode())


def outbox_page(client, scheme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = routing.queue_for_patient(
            scheme.sas_user,
            scheme.sas_practice,
            patient=scheme.episode.patient,
            template="comms/plain",
            context=LETTER,
        )
    message.refresh_from_db()
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    page = client.get(reverse("comms:message", args=[message.public_id]))
    return message, words(page.content.decode())


def test_a_person_with_only_a_home_address_is_written_to_there_on_every_page(
    client, django_capture_on_commit_callbacks
):
    scheme = person("home address")
    record = record_page(client, scheme)
    assert "No usable way to contact this person" not in record
    assert "1. Letter to their current address" in record
    assert "4 Sea View" in record
    assert "letters go to their current address" in record
    message, outbox = outbox_page(client, scheme, django_capture_on_commit_callbacks)
    assert message.status != Message.Status.UNREACHABLE
    assert "Letter to their current address" in outbox
    mine = own_page(client, scheme)
    assert "We do not have a way to contact you" not in mine
    assert "Letter by post to your address" in mine


def test_a_person_with_only_a_phone_is_texted_on_every_page(
    client, django_capture_on_commit_callbacks
):
    scheme = person("phone")
    record = record_page(client, scheme)
    assert "No usable way to contact this person" not in record
    assert "1. Text message to a mobile" in record
    assert "Letter to their current address" not in record
    message, outbox = outbox_page(client, scheme, django_capture_on_commit_callbacks)
    assert message.status != Message.Status.UNREACHABLE
    assert "Text message" in outbox
    mine = own_page(client, scheme)
    assert "We do not have a way to contact you" not in mine
    assert "Text to 07700900111" in mine


def test_a_person_with_no_address_and_no_routes_is_unreachable_on_every_page(
    client, django_capture_on_commit_callbacks
):
    scheme = person("nothing")
    record = record_page(client, scheme)
    assert "No usable way to contact this person" in record
    assert "Letter to their current address" not in record
    message, outbox = outbox_page(client, scheme, django_capture_on_commit_callbacks)
    assert message.status == Message.Status.UNREACHABLE
    assert "Could not reach the person by any route" in outbox
    assert "We do not have a way to contact you yet." in own_page(client, scheme)


def test_a_route_that_cannot_be_used_is_not_offered_to_the_person_as_how_we_contact_them(
    client,
):
    scheme = person("nothing")
    AddressFactory(patient=scheme.episode.patient, kind="no_fixed_abode", line_1="", postcode="")
    ContactRoute.objects.create(
        patient=scheme.episode.patient,
        kind=ContactRoute.Kind.POSTAL,
        address=scheme.episode.patient.addresses.get(),
    )
    record = record_page(client, scheme)
    assert "No usable way to contact this person" in record
    assert "No fixed abode: letters cannot be posted to this person." in record
    mine = own_page(client, scheme)
    assert "We do not have a way to contact you yet." in mine
    assert "Letter by post" not in mine
