"""Referrals to services through the services
(docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes: record every referral's outcome
and rejection reason — refuge referrals rejected because needs are "too high" is evidence that
changes commissioning)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.patients.models import Consent, PatientRelationship
from gateway.support.models import DeclineReason, ServiceReferral, ServiceReferralChange
from gateway.support.queries import referrals as referral_queries
from gateway.support.rules import referrals as rules
from gateway.support.services import referrals as referral_services
from tests.factories import MembershipFactory, PatientFactory

from .helpers import Person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
Status = ServiceReferral.Status


@pytest.fixture
def person():
    return Person()


def refer_consent(person, organisation=None, patient=None, **fields):
    values = {
        "patient": patient or person.patient,
        "purpose": Consent.Purpose.REFER_TO_SERVICE,
        "organisation": organisation or person.housing,
        "starts_on": LAST_WEEK,
        "method": Consent.Method.VERBAL,
        "recorded_by": person.housing_worker,
        "recorded_by_organisation": person.housing,
        **fields,
    }
    return Consent.objects.create(**values)


def send(person, patient=None, **fields):
    values = {
        "service_type": ServiceReferral.ServiceType.REFUGE,
        "receiving_organisation": person.refuge,
        "reason": "Fleeing her partner; needs a safe place tonight",
        "sent_on": LAST_WEEK,
        **fields,
    }
    return referral_services.send_referral(
        person.housing_worker, person.housing, patient or person.patient, **values
    )


def reason(code):
    return DeclineReason.objects.get(code=code)


def decline(person, referral, code="needs_too_high", note=""):
    return referral_services.record_change(
        person.support_worker,
        person.refuge,
        referral,
        referral.version,
        to_status=Status.DECLINED,
        on=TODAY,
        decline_reason=reason(code),
        note=note,
    )


def test_consent_blocks_a_referral_no_refer_to_service_consent_in_force_nothing_written(person):
    """A referral is checked for the person's consent before it is sent."""
    with pytest.raises(ValidationError) as refused:
        send(person)
    assert "has not agreed to be referred" in str(refused.value)
    assert "Nothing has been sent" in str(refused.value)
    assert not ServiceReferral.objects.exists()
    assert not ServiceReferralChange.objects.exists()
    assert not AuditEvent.objects.filter(object_type="support.servicereferral").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"withdrawn_at": timezone.now()},
        {"starts_on": LAST_WEEK - datetime.timedelta(days=30), "expires_on": LAST_WEEK},
        {"purpose": Consent.Purpose.SHARE_INFORMATION},
        {"starts_on": TODAY + datetime.timedelta(days=1)},
    ],
    ids=["withdrawn", "expired", "another purpose", "not started"],
)
def test_consent_withdrawn_expired_or_for_something_else_blocks_a_referral(person, fields):
    refer_consent(person, **fields)
    with pytest.raises(ValidationError):
        send(person)
    assert not ServiceReferral.objects.exists()


def test_consent_given_to_another_organisation_does_not_count(person):
    refer_consent(person, organisation=person.practice)
    with pytest.raises(ValidationError):
        send(person)


def test_a_referral_with_consent_is_sent_recorded_and_audited(person):
    consent = refer_consent(person)
    referral = send(person, persons_wishes="Somewhere she can keep her cat")
    assert referral.status == Status.SENT
    assert referral.consent == consent
    assert [(c.from_status, c.to_status) for c in referral.changes.all()] == [("", "sent")]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE,
        object_type="support.ServiceReferral",
        patient_id=person.patient.pk,
    ).exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"reason": "  "}, "reason"),
        ({"receiving_organisation": None}, "receiving_service_name"),
        ({"service_type": "other"}, "service_type_other"),
        ({"service_type": "spa"}, "service_type"),
        ({"sent_on": TODAY + datetime.timedelta(days=1)}, "sent_on"),
    ],
)
def test_a_referral_says_what_is_missing_and_writes_nothing(person, fields, field):
    refer_consent(person)
    with pytest.raises(ValidationError) as refused:
        send(person, **fields)
    assert field in refused.value.error_dict
    assert not ServiceReferral.objects.exists()


def test_the_transition_table_allows_only_what_may_follow():
    assert rules.next_statuses("sent") == {"accepted", "declined", "withdrawn"}
    assert rules.next_statuses("accepted") == {"completed", "withdrawn"}
    for final in ("declined", "completed", "withdrawn"):
        assert rules.next_statuses(final) == set()
    assert "status" in rules.check_change("declined", "accepted")
    assert "status" in rules.check_change("sent", "completed")


def test_a_decline_needs_a_reason_from_the_registry_and_other_needs_words(person):
    refer_consent(person)
    referral = send(person)
    with pytest.raises(ValidationError) as refused:
        referral_services.record_change(
            person.support_worker,
            person.refuge,
            referral,
            referral.version,
            to_status=Status.DECLINED,
            on=TODAY,
        )
    assert "decline_reason" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        decline(person, referral, code="other")
    assert "note" in refused.value.error_dict
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    decline(person, referral, code="other", note="Only takes women over 25")
    referral.refresh_from_db()
    assert referral.decline_reason.code == "other"
    assert referral.decline_detail == "Only takes women over 25"


def test_the_referrer_is_told_of_a_decline_by_the_service_worklist_and_email(person):
    """Hazard: a referral declined and nobody who made it ever knows."""
    refer_consent(person)
    referral = send(person)
    assert not referral.news_for_referrer
    decline(person, referral, note="Two staff on nights")
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.news_for_referrer
    mine = list(referral_queries.referrals_made_by(person.housing_worker, person.housing))
    assert mine == [referral]
    assert referral_queries.referral_counts(person.housing_worker, person.housing)["news"] == 1
    email = Message.objects.get(kind=Message.Kind.EMAIL)
    assert email.email_address == person.housing_worker.email
    assert email.created_for == person.housing
    assert "declined" in email.subject
    assert "Needs too high" in email.body_text
    assert person.patient.given_name not in email.body_text
    referral_services.mark_seen(person.support_worker, referral)  # not the referrer
    assert referral.news_for_referrer
    referral_services.mark_seen(person.housing_worker, referral)
    referral.refresh_from_db()
    assert not referral.news_for_referrer


def test_the_referrers_own_change_is_not_news_to_them(person):
    refer_consent(person)
    referral = send(person)
    referral_services.record_change(
        person.housing_worker,
        person.housing,
        referral,
        referral.version,
        to_status=Status.WITHDRAWN,
        on=TODAY,
        note="She found a place with her sister",
    )
    referral.refresh_from_db()
    assert not referral.news_for_referrer
    assert not Message.objects.exists()


def test_every_change_is_kept_and_audited_accept_then_complete(person):
    refer_consent(person)
    referral = send(person)
    for status in (Status.ACCEPTED, Status.COMPLETED):
        referral_services.record_change(
            person.support_worker,
            person.refuge,
            referral,
            referral.version,
            to_status=status,
            on=TODAY,
        )
    assert [c.to_status for c in referral.changes.all()] == ["sent", "accepted", "completed"]
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.STATE_CHANGE, patient_id=person.patient.pk
        ).count()
        == 2
    )
    with pytest.raises(ValidationError):
        referral_services.record_change(
            person.support_worker,
            person.refuge,
            referral,
            referral.version,
            to_status=Status.WITHDRAWN,
            on=TODAY,
            note="x",
        )


def test_a_stale_change_is_refused_and_nothing_overwritten(person):
    refer_consent(person)
    referral = send(person)
    stale = ServiceReferral.objects.get(pk=referral.pk)
    decline(person, referral)
    with pytest.raises(ValidationError) as refused:
        referral_services.record_change(
            person.support_worker,
            person.refuge,
            stale,
            stale.version,
            to_status=Status.ACCEPTED,
            on=TODAY,
        )
    assert "Someone else changed this" in str(refused.value)
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.changes.count() == 2


def test_only_the_referrer_or_the_service_records_what_happened(person):
    refer_consent(person)
    referral = send(person)
    with pytest.raises(PermissionDenied):
        referral_services.record_change(
            person.practice_user,
            person.practice,
            referral,
            referral.version,
            to_status=Status.ACCEPTED,
            on=TODAY,
        )


def test_an_organisation_not_involved_cannot_refer(person):
    stranger = MembershipFactory(role=Role.SUPPORT_WORKER)
    refer_consent(person, organisation=stranger.organisation)
    with pytest.raises(PermissionDenied):
        referral_services.send_referral(
            stranger.user,
            stranger.organisation,
            person.patient,
            service_type="refuge",
            receiving_service_name="A refuge",
            reason="x",
            sent_on=TODAY,
        )


def test_decline_reasons_are_reported_correctly_by_reason_and_by_service(person):
    """Decline reasons are reported correctly (by reason and by service)."""
    other = PatientFactory(
        created_by_organisation=person.practice,
        related_to=[person.refuge, person.housing, person.commissioner],
    )
    PatientRelationship.objects.create(
        patient=person.patient,
        organisation=person.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    )
    for patient in (person.patient, other):
        refer_consent(person, patient=patient)
    decline(person, send(person), "needs_too_high")
    decline(person, send(person, patient=other), "needs_too_high")
    decline(person, send(person, patient=other), "no_capacity")
    housing = send(
        person,
        service_type=ServiceReferral.ServiceType.HOUSING,
        receiving_organisation=None,
        receiving_service_name="Brighton Housing Options",
    )
    referral_services.record_change(
        person.housing_worker,
        person.housing,
        housing,
        housing.version,
        to_status=Status.DECLINED,
        on=TODAY,
        decline_reason=reason("out_of_area"),
    )
    send(
        person,
        service_type=ServiceReferral.ServiceType.HOUSING,
        receiving_organisation=None,
        receiving_service_name="Brighton Housing Options",
    )
    commissioner = MembershipFactory(organisation=person.commissioner, role=Role.COMMISSIONER).user
    report = referral_queries.decline_report(
        commissioner, person.commissioner, TODAY - datetime.timedelta(days=30), TODAY
    )
    by_reason = {row["code"]: row["declined"] for row in report["by_reason"]}
    assert by_reason == {
        "needs_too_high": 2,
        "no_capacity": 1,
        "out_of_area": 1,
        "not_eligible": 0,
        "did_not_engage": 0,
        "other": 0,
    }
    by_service = {row["code"]: row for row in report["by_service"]}
    assert (by_service["refuge"]["sent"], by_service["refuge"]["declined"]) == (3, 3)
    assert (by_service["housing"]["sent"], by_service["housing"]["declined"]) == (2, 1)
    assert by_service["housing"]["waiting"] == 1
    assert by_service["refuge"]["by_reason"][:3] == [2, 1, 0]
    assert (report["sent"], report["declined"]) == (5, 4)


def test_the_decline_report_counts_only_the_commissioners_own_patients(person):
    refer_consent(person)
    decline(person, send(person))
    elsewhere = MembershipFactory(role=Role.COMMISSIONER)
    report = referral_queries.decline_report(
        elsewhere.user, elsewhere.organisation, LAST_WEEK, TODAY
    )
    assert report["declined"] == 0
    assert report["sent"] == 0
