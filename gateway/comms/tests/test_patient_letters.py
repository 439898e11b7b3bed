"""Letters to a person, for the organisations a "you have a letter" notice tells them to
ask (ADR 0012): whoever sent it, their SAS practice and their support worker
can open and print it; nobody else can."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from tests import factories

from .routing_helpers import Kind, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner(db):
    return factories.CommissionerFactory()


@pytest.fixture
def sas_practice(db):
    return factories.SasPracticeFactory()


def member(organisation, role):
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def person_reached_by_text(commissioner, *others):
    patient = factories.PatientFactory(related_to=[commissioner, *others])
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    return patient


def test_the_sas_practice_can_print_a_letter_the_commissioner_sent_by_text_notice(
    client, commissioner, sas_practice, send
):
    patient = person_reached_by_text(commissioner, sas_practice)
    message = send(commissioner, patient)
    (notice,) = message.tries.all()
    assert notice.kind == Message.Kind.TEXT  # the person only got "there is a letter"

    sign_in(client, member(sas_practice, Role.SAS_PRACTICE_STAFF), sas_practice)
    listing = client.get(reverse("comms:patient-messages", kwargs={"public_id": patient.public_id}))
    assert listing.status_code == 200
    pdf_url = reverse("comms:patient-message-pdf", kwargs={"public_id": message.public_id})
    assert pdf_url in listing.text and commissioner.name in listing.text

    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert patient.family_name not in pdf["Content-Disposition"]
    views = AuditEvent.objects.filter(
        patient_id=patient.pk, action=AuditEvent.Action.VIEW, organisation_id=sas_practice.pk
    )
    assert views.count() == 2


def test_the_support_worker_sees_letters_any_organisation_wrote_to_the_person(
    client, commissioner, sas_practice, worker_org, send
):
    patient = person_reached_by_text(commissioner, worker_org)
    send(commissioner, patient)
    send(sas_practice, patient)
    sign_in(client, member(worker_org, Role.SUPPORT_WORKER), worker_org)
    listing = client.get(reverse("comms:patient-messages", kwargs={"public_id": patient.public_id}))
    assert "Showing 1 to 2 of 2" in listing.text
    assert commissioner.name in listing.text and sas_practice.name in listing.text


def test_an_organisation_that_cannot_see_the_person_cannot_open_their_letter(
    client, commissioner, sas_practice, send
):
    patient = person_reached_by_text(commissioner)  # not related to the SAS practice
    message = send(commissioner, patient)
    sign_in(client, member(sas_practice, Role.SAS_PRACTICE_STAFF), sas_practice)
    pdf_url = reverse("comms:patient-message-pdf", kwargs={"public_id": message.public_id})
    assert client.get(pdf_url).status_code == 404
    listing_url = reverse("comms:patient-messages", kwargs={"public_id": patient.public_id})
    assert client.get(listing_url).status_code == 404


def test_letters_to_practices_are_not_listed_as_letters_to_the_person(client, commissioner, queue):
    patient = person_reached_by_text(commissioner)
    queue("letter", commissioner, patient=patient, recipient_organisation=commissioner)
    sign_in(client, member(commissioner, Role.COMMISSIONER), commissioner)
    listing = client.get(reverse("comms:patient-messages", kwargs={"public_id": patient.public_id}))
    assert "Gateway has not written to this person yet" in listing.text


def test_a_mainstream_practice_is_refused(client, commissioner, practice, send):
    patient = person_reached_by_text(commissioner, practice)
    sign_in(client, member(practice, Role.PRACTICE_STAFF), practice)
    listing_url = reverse("comms:patient-messages", kwargs={"public_id": patient.public_id})
    assert client.get(listing_url).status_code == 403


def test_the_list_costs_a_bounded_number_of_queries(
    client, commissioner, send, django_assert_max_num_queries
):
    patient = person_reached_by_text(commissioner)
    sign_in(client, member(commissioner, Role.COMMISSIONER), commissioner)
    url = reverse("comms:patient-messages", kwargs={"public_id": patient.public_id})
    counts = []
    for size in (1, 8):
        while Message.objects.filter(patient=patient, parent__isnull=True).count() < size:
            send(commissioner, patient)
        with django_assert_max_num_queries(22) as captured:
            page = client.get(url)
        assert ("of 1 message." if size == 1 else f"of {size} messages") in page.text
        counts.append(len(captured))
    assert counts[0] == counts[1]  # eight letters cost what one does
