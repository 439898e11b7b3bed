"""A practice asked to register someone sees what registering needs and no more, and loses
even that when it refuses (once its letter is due) or the referral is withdrawn
(docs/access/caldicott-access-table.md; issue 16 item 2b)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.patients.models import PatientRelationship
from gateway.registration import services
from gateway.registration.models import RefusalReason
from gateway.support import services as support
from gateway.support.models import Need

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _needs_of(world, patient):
    support.add_need(
        world.worker,
        world.probation,
        patient,
        domain=Need.Domain.HOMELESSNESS,
        status=Need.Status.CURRENT,
        evidence="Sleeping in a car since March",
        noted_on=timezone.localdate(),
    )


def _pages(patient):
    record = reverse("patients:detail", args=[patient.public_id])
    support_page = reverse("support:patient", args=[patient.public_id])
    return record, support_page


def test_practice_asked_to_register_sees_identity_and_the_referral_only(client, world):
    referral = sent_referral(world)
    patient = referral.patient
    _needs_of(world, patient)
    sign_in(client, world.practice_user, world.practice)
    record, support_page = _pages(patient)

    response = client.get(record)
    assert response.status_code == 200
    page = response.content.decode()
    assert patient.family_name in page
    assert "Your practice has been asked to register this person" in page
    assert reverse("support:patient", args=[patient.public_id]) not in page
    assert "Change details" not in page
    assert client.get(reverse("registration:detail", args=[referral.public_id])).status_code == 200
    # Needs, assessments, referrals to services, meetings: as if there were no such person.
    assert client.get(support_page).status_code == 404
    assert client.get(reverse("support:meetings", args=[patient.public_id])).status_code == 404
    assert client.get(reverse("patients:edit", args=[patient.public_id])).status_code == 404


def test_practice_that_refused_keeps_only_identity_until_its_letter_is_due(client, world):
    referral = sent_referral(world)
    patient = referral.patient
    _needs_of(world, patient)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code="outside_boundary"),
        expected_version=referral.version,
    )
    sign_in(client, world.practice_user, world.practice)
    record, support_page = _pages(patient)
    assert client.get(support_page).status_code == 404
    assert client.get(record).status_code == 200  # to write its letter to the person

    link = PatientRelationship.objects.get(patient=patient, organisation=world.practice)
    assert link.kind == PatientRelationship.Kind.REGISTRATION
    link.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    link.save()
    assert client.get(record).status_code == 404
    assert client.get(reverse("registration:detail", args=[referral.public_id])).status_code == 404


def test_practice_whose_referral_was_withdrawn_sees_nothing(client, world):
    referral = sent_referral(world)
    services.withdraw(world.worker, world.probation, referral, "Moved away", referral.version)
    sign_in(client, world.practice_user, world.practice)
    record, support_page = _pages(referral.patient)
    assert client.get(record).status_code == 404
    assert client.get(support_page).status_code == 404


def test_practice_that_registers_the_person_becomes_their_gp(client, world):
    referral = sent_referral(world)
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=timezone.localdate(),
        expected_version=referral.version,
    )
    links = PatientRelationship.objects.filter(
        patient=referral.patient, organisation=world.practice, is_active=True
    )
    assert [link.kind for link in links] == [PatientRelationship.Kind.RESPONSIBLE]
    sign_in(client, world.practice_user, world.practice)
    assert client.get(_pages(referral.patient)[1]).status_code == 200
