"""The hand-over page (a worker or practice gives the letter to the person and says when,
which completes delivery) and the unreachable worklist (people no route reached, with what
was tried and why)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.patients.models import ContactRoute, PatientRelationship
from tests import factories

from .routing_helpers import Kind, route, tries, worker_route

pytestmark = pytest.mark.django_db
Status = Message.Status


def date_data(day):
    return {"on_day": day.day, "on_month": day.month, "on_year": day.year}


def person_for(worker_org, worker):
    patient = factories.PatientFactory(related_to=[worker_org])
    worker_route(patient, 1, worker_org, worker)
    return patient


def unreachable_person(commissioner):
    patient = factories.PatientFactory(related_to=[commissioner])
    route(patient, Kind.MOBILE, 1, phone_number="07700900123", safety=ContactRoute.Safety.NEVER)
    return patient


def as_worker(client, worker, worker_org):
    return sign_in(client, worker, worker_org)


def test_worker_sees_the_letters_to_hand_over_in_bounded_queries(
    client, practice, send, worker_org, worker, django_assert_max_num_queries
):
    as_worker(client, worker, worker_org)
    url = reverse("comms:handovers")
    for size in (1, 6):
        while Message.objects.filter(kind=Message.Kind.IN_PERSON).count() < size:
            send(practice, person_for(worker_org, worker))
        with django_assert_max_num_queries(12):
            page = client.get(url)
        assert page.status_code == 200
    body = page.content.decode()
    assert body.count(reverse("comms:handovers")) >= 1
    assert "Letters to hand over" in body and "Showing 1 to 6 of 6" in body


def test_a_colleagues_letters_are_one_click_away(client, practice, send, worker_org, worker):
    colleague = factories.UserFactory()
    factories.MembershipFactory(user=colleague, organisation=worker_org, role=Role.SUPPORT_WORKER)
    send(practice, person_for(worker_org, colleague))
    as_worker(client, worker, worker_org)
    assert "There are no letters to hand over" in client.get(reverse("comms:handovers")).text
    assert "Showing 1 to 1 of 1" in client.get(reverse("comms:handovers") + "?show=all").text


def test_confirming_a_hand_over_completes_delivery_and_is_audited(
    client, practice, send, worker_org, worker
):
    message = send(practice, person_for(worker_org, worker))
    (handover,) = tries(message)
    as_worker(client, worker, worker_org)
    url = reverse("comms:handover-confirm", kwargs={"public_id": handover.public_id})
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(url, date_data(today))
    assert response.status_code == 302
    handover.refresh_from_db()
    message.refresh_from_db()
    assert (handover.status, handover.handed_over_on, message.status) == (
        Status.DELIVERED,
        today,
        Status.DELIVERED,
    )
    assert AuditEvent.objects.filter(
        object_id=str(handover.public_id), action="state_change", actor=worker
    ).exists()
    assert client.get(reverse("comms:handover-pdf", kwargs={"public_id": handover.public_id}))[
        "Content-Type"
    ] == ("application/pdf")


def test_a_future_hand_over_date_is_refused_and_what_was_typed_is_kept(
    client, practice, send, worker_org, worker
):
    (handover,) = tries(send(practice, person_for(worker_org, worker)))
    as_worker(client, worker, worker_org)
    url = reverse("comms:handover-confirm", kwargs={"public_id": handover.public_id})
    future = timezone.localdate() + datetime.timedelta(days=3)
    page = client.post(url, date_data(future))
    assert page.status_code == 200
    assert "The date must be today or in the past" in page.text
    assert f'value="{future.year}"' in page.text
    page = client.post(url, {"on_day": "", "on_month": "", "on_year": ""})
    assert "Enter the date you handed it over" in page.text
    handover.refresh_from_db()
    assert handover.status == Status.TO_HAND_OVER


def test_another_organisations_hand_over_is_not_found(client, practice, send, worker_org, worker):
    (handover,) = tries(send(practice, person_for(worker_org, worker)))
    other = factories.PartnerFactory()
    stranger = factories.UserFactory()
    factories.MembershipFactory(user=stranger, organisation=other, role=Role.SUPPORT_WORKER)
    as_worker(client, stranger, other)
    url = reverse("comms:handover-confirm", kwargs={"public_id": handover.public_id})
    assert client.get(url).status_code == 404


def test_hand_over_disappears_when_consent_based_access_ends(
    client, practice, send, worker_org, worker
):
    patient = person_for(worker_org, worker)
    send(practice, patient)
    PatientRelationship.objects.filter(patient=patient, organisation=worker_org).update(
        is_active=False
    )
    as_worker(client, worker, worker_org)
    assert "There are no letters to hand over" in client.get(reverse("comms:handovers")).text


def test_unreachable_worklist_says_what_was_tried_and_why_in_bounded_queries(
    client, practice, send, django_assert_max_num_queries
):
    commissioner = practice.commissioner
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=commissioner, role=Role.COMMISSIONER)
    sign_in(client, user, commissioner)
    url = reverse("comms:unreachable")
    for size in (1, 5):
        while Message.objects.filter(status=Status.UNREACHABLE).count() < size:
            send(practice, unreachable_person(commissioner))
        with django_assert_max_num_queries(14):
            page = client.get(url)
    assert "Marked never to send here." in page.text
    assert "Text message" in page.text
    assert "Showing 1 to 5 of 5" in page.text
    home = client.get(reverse("core:home")).text
    assert "People we could not reach" in home


def test_try_again_after_the_plan_is_fixed_reaches_the_person(client, fake_notify, practice, send):
    commissioner = practice.commissioner
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=commissioner, role=Role.COMMISSIONER)
    patient = unreachable_person(commissioner)
    message = send(practice, patient)
    assert message.status == Status.UNREACHABLE
    route(patient, Kind.EMAIL, 2, email_address="alex@example.com")
    sign_in(client, user, commissioner)
    url = reverse("comms:unreachable-retry", kwargs={"public_id": message.public_id})
    response = client.post(url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    from gateway.comms.tasks import send_message

    send_message.enqueue(message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENDING
    assert [t.kind for t in tries(message)] == [Message.Kind.EMAIL]


def test_the_outbox_lists_a_message_to_a_person_once_with_its_routes(
    client, fake_notify, practice, send
):
    patient = factories.PatientFactory(related_to=[practice])
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    fake_notify.answer_next_sends(400)
    route(patient, Kind.EMAIL, 2, email_address="alex@example.com")
    message = send(practice, patient)
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=practice, role=Role.PRACTICE_STAFF)
    sign_in(client, user, practice)
    outbox = client.get(reverse("comms:outbox")).text
    assert outbox.count("/outbox/" + str(message.public_id)) == 1
    assert str(tries(message)[0].public_id) not in outbox
    detail = client.get(reverse("comms:message", kwargs={"public_id": message.public_id})).text
    assert "Routes tried" in detail and "Text message" in detail and "Email" in detail


def test_only_someone_who_works_the_unreachable_list_can_try_again(practice, send):
    from django.core.exceptions import PermissionDenied

    from gateway.comms import routing

    commissioner = practice.commissioner
    patient = unreachable_person(commissioner)
    message = send(practice, patient)
    outsider = factories.UserFactory()  # practice staff, not a commissioner's member
    factories.MembershipFactory(user=outsider, organisation=practice, role=Role.PRACTICE_STAFF)
    with pytest.raises(PermissionDenied):
        routing.try_again(outsider, commissioner, message)
    message.refresh_from_db()
    assert message.status == Status.UNREACHABLE
