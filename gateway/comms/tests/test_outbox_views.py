"""The staff outbox: own organisation only, paginated, bounded queries, letters audited."""

import pytest
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.core.tests.list_helpers import csv_link, csv_rows, rows, search
from tests import factories

pytestmark = pytest.mark.django_db
Status = Message.Status


@pytest.fixture
def signed_in(staff_client, practice):
    client, user, organisation = staff_client(Role.PRACTICE_STAFF, practice)
    return client


def test_outbox_lists_only_this_organisations_messages(signed_in, queue, practice, settings):
    settings.NOTIFY_API_KEY = ""
    queue("text", practice, phone_number="07700900123", context={"text": "a", "heading": "Ours"})
    other = factories.PracticeFactory()
    theirs = queue("letter", other)
    response = signed_in.get(reverse("comms:outbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Text message" in page
    assert str(theirs.public_id) not in page
    assert signed_in.get(reverse("comms:message", args=[theirs.public_id])).status_code == 404
    url = reverse("comms:message-pdf", args=[theirs.public_id])
    assert signed_in.get(url).status_code == 404


@pytest.mark.parametrize("size", [30, 60])
def test_outbox_is_paginated_with_bounded_queries(
    signed_in, queue, practice, django_assert_max_num_queries, size
):
    for _ in range(size):
        patient = factories.PatientFactory(related_to=[practice])
        queue("letter", practice, patient=patient, run=False)
    with django_assert_max_num_queries(14):
        response = signed_in.get(reverse("comms:outbox"))
    assert len(rows(response)) == 25
    assert f"{size} messages, showing 1 to 25." in response.content.decode()
    second = signed_in.get(reverse("comms:outbox"), {"page": 2, "sort": "type"})
    assert f"{size} messages, showing 26 to {min(size, 50)}." in second.content.decode()
    searched = search(signed_in, reverse("comms:outbox"), kind="letter")
    with django_assert_max_num_queries(14):
        filtered = signed_in.get(searched.wsgi_request.get_full_path() + "&page=2")
    assert f"{size} messages match, showing 26 to {min(size, 50)}." in filtered.content.decode()
    with django_assert_max_num_queries(14):
        download = signed_in.get(csv_link(filtered))
    assert len(csv_rows(download)) == size + 1


def test_outbox_can_show_only_held_messages(signed_in, queue, practice, settings):
    settings.NOTIFY_API_KEY = ""
    held = queue("letter", practice, address_lines=["Alex", "No fixed abode", "Brighton"])
    waiting = queue("text", practice, phone_number="07700900123", run=False)
    page = search(signed_in, reverse("comms:outbox"), status=Status.HELD_IN_OUTBOX).content
    assert str(held.public_id).encode() in page
    assert str(waiting.public_id).encode() not in page


def test_opening_a_patients_letter_is_audited(signed_in, queue, practice):
    patient = factories.PatientFactory(related_to=[practice])
    message = queue("letter", practice, patient=patient, run=False)
    response = signed_in.get(reverse("comms:message", args=[message.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your appointment" in page
    assert "Download the letter to print (PDF)" in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, patient_id=patient.pk).exists()


def test_held_letter_page_says_why_it_was_not_sent(signed_in, queue, practice):
    message = queue("letter", practice, address_lines=["Alex", "No fixed abode", "Brighton"])
    page = signed_in.get(reverse("comms:message", args=[message.public_id])).content.decode()
    assert "Not sent." in page
    assert "no fixed abode" in page


def test_letter_pdf_downloads_with_a_file_name_without_personal_data(signed_in, queue, practice):
    patient = factories.PatientFactory(given_name="Morwenna", related_to=[practice])
    message = queue("letter", practice, patient=patient, run=False)  # no PDF stored yet
    response = signed_in.get(reverse("comms:message-pdf", args=[message.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="letter-{message.reference}.pdf"'
    assert "Morwenna" not in disposition and patient.nhs_number not in disposition
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, patient_id=patient.pk, detail__page="letter PDF"
    ).exists()


def test_outbox_needs_sign_in(client):
    response = client.get(reverse("comms:outbox"))
    assert response.status_code == 302


def test_staff_reach_the_outbox_from_the_header(signed_in):
    page = signed_in.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("comms:outbox")}"' in page


def test_letters_about_a_person_end_with_the_relationship(signed_in, queue, practice):
    """Issue 16 item 2a: once the organisation's relationship with the person ends (their
    record is a 404), its letters about them are a 404 too, PDF included, and leave the list
    and its download (docs/access/caldicott-access-table.md)."""
    patient = factories.PatientFactory(related_to=[practice])
    letter = queue("letter", practice, patient=patient)
    page = reverse("comms:message", args=[letter.public_id])
    pdf = reverse("comms:message-pdf", args=[letter.public_id])
    assert signed_in.get(page).status_code == 200
    assert str(letter.public_id) in signed_in.get(reverse("comms:outbox")).content.decode()

    patient.relationships.update(is_active=False)

    assert signed_in.get(reverse("patients:detail", args=[patient.public_id])).status_code == 404
    assert signed_in.get(page).status_code == 404
    assert signed_in.get(pdf).status_code == 404
    assert str(letter.public_id) not in signed_in.get(reverse("comms:outbox")).content.decode()
    assert len(csv_rows(signed_in.get(reverse("comms:outbox-csv")))) == 1  # the heading only
