"""Consent is enforced, not just noted
(docs/domain/gp-registration.md#registration-through-probation-and-other-services "with consent";
Caldicott need-to-know): sharing, access and routing through a worker all stop when it ends."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients import queries
from gateway.patients.models import Consent, ContactRoute, PatientRelationship
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services
from tests.factories import MembershipFactory, PartnerFactory, PatientFactory

pytestmark = pytest.mark.django_db
Purpose = Consent.Purpose


@pytest.fixture
def worker():
    return MembershipFactory(role=Role.SUPPORT_WORKER, organisation=PartnerFactory())


@pytest.fixture
def refuge_worker():
    return MembershipFactory(role=Role.SUPPORT_WORKER, organisation=PartnerFactory(name="Refuge"))


@pytest.fixture
def person(worker):
    return PatientFactory(created_by_organisation=worker.organisation)


def record(membership, person, **data):
    values = {
        "purpose": Purpose.SHARE_INFORMATION,
        "organisation": membership.organisation,
        "scope": "Needs, support plan and appointments",
        "starts_on": timezone.localdate(),
        "method": Consent.Method.VERBAL,
    }
    values.update(data)
    return consent_services.record_consent(membership.user, membership.organisation, person, values)


def sees(membership, person):
    return (
        queries.visible_patients(membership.user, membership.organisation)
        .filter(pk=person.pk)
        .exists()
    )


def test_consent_to_share_links_an_organisation_with_no_other_link_DOMAIN_3_2(
    worker, refuge_worker, person
):
    assert not sees(refuge_worker, person)
    expiry = timezone.localdate() + datetime.timedelta(days=90)
    consent = record(worker, person, organisation=refuge_worker.organisation, expires_on=expiry)
    link = PatientRelationship.objects.get(
        patient=person, organisation=refuge_worker.organisation, is_active=True
    )
    assert link.kind == PatientRelationship.Kind.CONSENT
    assert link.consent == consent and link.expires_on == expiry
    assert sees(refuge_worker, person)
    assert consent.recorded_by == worker.user
    assert consent.recorded_by_organisation == worker.organisation


def test_consent_with_an_organisation_already_involved_adds_no_second_link(worker, person):
    record(worker, person)
    assert not PatientRelationship.objects.filter(kind=PatientRelationship.Kind.CONSENT).exists()


def test_access_by_consent_ends_when_it_is_withdrawn_DOMAIN_3_2(worker, refuge_worker, person):
    consent = record(worker, person, organisation=refuge_worker.organisation)
    assert sees(refuge_worker, person)
    consent_services.withdraw_consent(
        worker.user,
        worker.organisation,
        consent,
        withdrawn_on=timezone.localdate(),
        note="Does not want the refuge told any more",
    )
    assert not sees(refuge_worker, person)
    link = PatientRelationship.objects.get(organisation=refuge_worker.organisation)
    assert not link.is_active and link.ended_at is not None
    assert queries.consent_in_force(person, Purpose.SHARE_INFORMATION, link.organisation) is None


def test_access_by_consent_ends_on_its_expiry_without_any_job_running(
    worker, refuge_worker, person
):
    expiry = timezone.localdate() + datetime.timedelta(days=30)
    record(worker, person, organisation=refuge_worker.organisation, expires_on=expiry)
    with time_machine.travel(expiry, tick=False):
        assert sees(refuge_worker, person)
    with time_machine.travel(expiry + datetime.timedelta(days=1), tick=False):
        assert not sees(refuge_worker, person)
        assert (
            queries.consent_in_force(person, Purpose.SHARE_INFORMATION, refuge_worker.organisation)
            is None
        )


def test_a_renewed_consent_keeps_access_until_the_later_expiry(worker, refuge_worker, person):
    today = timezone.localdate()
    first = record(
        worker,
        person,
        organisation=refuge_worker.organisation,
        expires_on=today + datetime.timedelta(days=10),
    )
    record(
        worker,
        person,
        organisation=refuge_worker.organisation,
        expires_on=today + datetime.timedelta(days=100),
    )
    link = PatientRelationship.objects.get(organisation=refuge_worker.organisation)
    assert link.expires_on == today + datetime.timedelta(days=100)
    consent_services.withdraw_consent(
        worker.user, worker.organisation, first, withdrawn_on=today, note=""
    )
    assert sees(refuge_worker, person)  # the later consent still stands


def test_consent_in_force_checks_purpose_organisation_worker_and_dates(worker, person):
    other_worker = MembershipFactory(
        role=Role.SUPPORT_WORKER, organisation=worker.organisation
    ).user
    consent = record(worker, person, purpose=Purpose.CONTACT_THROUGH_WORKER, worker=worker.user)
    org = worker.organisation
    assert queries.consent_in_force(person, Purpose.CONTACT_THROUGH_WORKER, org) == consent
    assert (
        queries.consent_in_force(person, Purpose.CONTACT_THROUGH_WORKER, org, worker=worker.user)
        == consent
    )
    assert (
        queries.consent_in_force(person, Purpose.CONTACT_THROUGH_WORKER, org, worker=other_worker)
        is None
    )
    assert queries.consent_in_force(person, Purpose.SHARE_INFORMATION, org) is None
    assert (
        queries.consent_in_force(person, Purpose.CONTACT_THROUGH_WORKER, PartnerFactory()) is None
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert (
        queries.consent_in_force(person, Purpose.CONTACT_THROUGH_WORKER, org, on_date=yesterday)
        is None
    )


def test_routing_through_a_worker_stops_when_consent_is_withdrawn_end_to_end(worker, person):
    consent = record(worker, person, purpose=Purpose.CONTACT_THROUGH_WORKER, worker=worker.user)
    route = contact_services.add_route(
        worker.user,
        worker.organisation,
        person,
        {
            "kind": ContactRoute.Kind.VIA_WORKER,
            "worker": worker.user,
            "worker_organisation": worker.organisation,
        },
    )
    assert [c.route for c in queries.contact_plan_for(person) if c.usable] == [route]
    consent_services.withdraw_consent(
        worker.user, worker.organisation, consent, withdrawn_on=timezone.localdate(), note=""
    )
    check = queries.contact_plan_for(person)[0]
    assert not check.usable
    assert "consent" in check.reason


def test_routing_through_a_worker_stops_when_consent_expires(worker, person):
    expiry = timezone.localdate() + datetime.timedelta(days=5)
    record(
        worker,
        person,
        purpose=Purpose.CONTACT_THROUGH_WORKER,
        worker=worker.user,
        expires_on=expiry,
    )
    contact_services.add_route(
        worker.user,
        worker.organisation,
        person,
        {
            "kind": ContactRoute.Kind.VIA_WORKER,
            "worker": worker.user,
            "worker_organisation": worker.organisation,
        },
    )
    with time_machine.travel(expiry + datetime.timedelta(days=1), tick=False):
        assert not queries.contact_plan_for(person)[0].usable


def test_contact_through_a_worker_names_a_worker_of_that_organisation(worker, person):
    with pytest.raises(ValidationError) as error:
        record(worker, person, purpose=Purpose.CONTACT_THROUGH_WORKER)
    assert "Choose the worker" in str(error.value.message_dict["worker"])
    stranger = MembershipFactory(role=Role.SUPPORT_WORKER).user
    with pytest.raises(ValidationError) as error:
        record(worker, person, purpose=Purpose.CONTACT_THROUGH_WORKER, worker=stranger)
    assert "does not work for" in str(error.value.message_dict["worker"])


def test_consent_dates_are_checked_in_plain_words(worker, person):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        record(worker, person, starts_on=today + datetime.timedelta(days=1))
    assert "cannot be in the future" in str(error.value.message_dict["starts_on"])
    with pytest.raises(ValidationError) as error:
        record(
            worker,
            person,
            starts_on=today - datetime.timedelta(days=10),
            expires_on=today - datetime.timedelta(days=1),
        )
    assert "today or later" in str(error.value.message_dict["expires_on"])
    with pytest.raises(ValidationError) as error:
        record(worker, person, scope=" ")
    assert "Say what the person agreed" in str(error.value.message_dict["scope"])
    assert not Consent.objects.exists()


def test_withdrawal_is_recorded_once_with_date_note_and_who(worker, person):
    consent = record(worker, person)
    withdrawn = consent_services.withdraw_consent(
        worker.user,
        worker.organisation,
        consent,
        withdrawn_on=timezone.localdate(),
        note="Told me at the drop-in",
    )
    assert withdrawn.withdrawn_by == worker.user
    assert withdrawn.withdrawal_note == "Told me at the drop-in"
    assert not withdrawn.is_in_force(timezone.localdate())
    with pytest.raises(ValidationError, match="already been withdrawn"):
        consent_services.withdraw_consent(
            worker.user, worker.organisation, consent, withdrawn_on=timezone.localdate(), note=""
        )
    with pytest.raises(ValidationError):
        consent_services.withdraw_consent(
            worker.user,
            worker.organisation,
            record(worker, person),
            withdrawn_on=timezone.localdate() + datetime.timedelta(days=1),
            note="",
        )


def test_an_organisation_that_cannot_see_the_person_cannot_record_their_consent(person):
    outsider = MembershipFactory(role=Role.SUPPORT_WORKER, organisation=PartnerFactory())
    with pytest.raises(PermissionDenied):
        record(outsider, person)


def test_recording_and_withdrawing_consent_is_audited(worker, person):
    consent = record(worker, person)
    consent_services.withdraw_consent(
        worker.user, worker.organisation, consent, withdrawn_on=timezone.localdate(), note=""
    )
    events = AuditEvent.objects.filter(object_type="patients.Consent").order_by("id")
    assert [e.action for e in events] == ["create", "state_change"]
    assert {e.object_id for e in events} == {str(consent.public_id)}
