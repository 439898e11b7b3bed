"""Referral, sending, answers and consent (docs/domain/gp-registration.md)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.comms.models import Message
from gateway.patients.models import Address, Consent, PatientRelationship
from gateway.patients.queries import visible_patients
from gateway.registration import services
from gateway.registration.models import RefusalReason, RegistrationAlert, RegistrationReferral
from gateway.sas.rules.days import add_months
from tests.factories import MembershipFactory

from .helpers import World, prison_data, referral_data, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status


@pytest.fixture
def world():
    return World()


def test_nothing_is_referred_without_consent_domain_3_2(world):
    patient = world.person()
    with pytest.raises(ValidationError) as error:
        services.refer(world.worker, world.probation, patient, referral_data(consent_given=False))
    assert "consent_given" in error.value.error_dict
    assert not RegistrationReferral.objects.exists()
    assert not Message.objects.exists()


def test_consent_is_recorded_before_the_referral_and_named_by_it(world):
    referral = services.refer(world.worker, world.probation, world.person(), referral_data())
    consent = referral.consent
    assert consent.purpose == Consent.Purpose.REGISTER_WITH_GP
    assert consent.recorded_by == world.worker
    assert consent.created_at <= referral.created_at


def test_nothing_is_sent_when_consent_was_withdrawn_domain_3_2(world):
    referral = services.refer(world.worker, world.probation, world.person(), referral_data())
    services.choose_practice(
        world.worker, world.probation, referral, world.practice, referral.version
    )
    Consent.objects.filter(pk=referral.consent_id).update(withdrawn_at=timezone.now())
    with pytest.raises(ValidationError, match="must agree"):
        services.send(world.worker, world.probation, referral, referral.version)
    assert not Message.objects.exists()
    referral.refresh_from_db()
    assert referral.status == Status.CHOOSING_PRACTICE


def test_sending_queues_the_referral_letter_to_the_practice_with_the_national_rules(world):
    referral = sent_referral(world)
    message = Message.objects.get()
    assert message.recipient_organisation == world.practice
    assert message.kind == Message.Kind.LETTER
    assert "No proof of identity, proof of address or immigration status" in message.body_html
    assert "proxy address" in message.body_html
    assert referral.status == Status.SENT


def test_proxy_address_is_the_referrers_office_as_a_care_of_address_domain_3_2(world):
    patient = world.person()
    services.refer(world.worker, world.probation, patient, referral_data(address_basis="proxy"))
    address = Address.objects.get(patient=patient, is_current=True)
    assert address.kind == Address.Kind.CARE_OF
    assert address.care_of_organisation == world.probation
    assert address.postcode == "BN2 0JS"


def test_identity_not_confirmed_never_stops_a_referral(world):
    referral = services.refer(
        world.worker, world.probation, world.person(), referral_data(identity_confirmed=False)
    )
    services.choose_practice(
        world.worker, world.probation, referral, world.practice, referral.version
    )
    services.send(world.worker, world.probation, referral, referral.version)
    assert referral.status == Status.SENT
    assert referral.identity_confirmed_by is None


def test_identity_confirmed_records_who_when_and_how(world):
    referral = services.refer(world.worker, world.probation, world.person(), referral_data())
    assert referral.identity_confirmed_by == world.worker
    assert referral.identity_confirmed_on == timezone.localdate()
    assert referral.identity_method == "known_to_service"


def test_a_new_person_with_an_estimated_birth_year_and_no_nhs_number_can_be_referred(world):
    person = {
        "given_name": "Sam",
        "family_name": "Smith",
        "date_of_birth": services.estimated_date_of_birth(1990),
        "date_of_birth_is_estimated": True,
        "sex": "not_known",
        "nhs_number": "",
        "nhs_number_unknown_reason": "not_given",
    }
    referral = services.refer_new_person(world.worker, world.probation, person, referral_data())
    assert referral.patient.date_of_birth.isoformat() == "1990-01-01"
    assert referral.patient.nhs_number == ""


def test_practice_and_its_commissioner_see_the_person_once_sent(world):
    """The practice sees what registering needs (docs/access/caldicott-access-table.md), not
    the whole record; its commissioner oversees the referral."""
    patient = world.person()
    registering = visible_patients(world.practice_user, world.practice, for_registration=True)
    assert not registering.filter(pk=patient.pk)
    sent_referral(world, patient)
    assert registering.filter(pk=patient.pk).exists()
    assert not visible_patients(world.practice_user, world.practice).filter(pk=patient.pk)
    assert (
        visible_patients(world.commissioner_user, world.commissioner).filter(pk=patient.pk).exists()
    )


def test_practice_accepts_with_date_and_nhs_number(world):
    patient = world.person(nhs_number="", nhs_number_unknown_reason="not_given")
    referral = sent_referral(world, patient)
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=timezone.localdate(),
        nhs_number="943 476 5919",
        expected_version=referral.version,
    )
    patient.refresh_from_db()
    assert referral.status == Status.REGISTERED
    assert patient.nhs_number == "9434765919"
    assert referral.first_appointment_due_on is not None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("943476591²", "NHS number must be 10 numbers"),
        ("0000000000", "0000000000 is not a real NHS number"),
    ],
)
def test_practice_accepting_with_an_nhs_number_that_is_never_real_is_told_why(
    world, typed, message
):
    # docs/domain/identifiers-and-reference-data.md#nhs-number: digits 0-9 only (a superscript
    # crashed the check), never one digit repeated.
    patient = world.person(nhs_number="", nhs_number_unknown_reason="not_given")
    referral = sent_referral(world, patient)
    with pytest.raises(ValidationError) as refused:
        services.accept(
            world.practice_user,
            world.practice,
            referral,
            registered_on=timezone.localdate(),
            nhs_number=typed,
            expected_version=referral.version,
        )
    assert refused.value.message_dict["nhs_number"][0].startswith(message)
    referral.refresh_from_db()
    patient.refresh_from_db()
    assert (referral.status, patient.nhs_number) == (Status.SENT, "")


def test_refusal_for_no_proof_of_address_is_flagged_to_the_commissioner_domain_3_1(world):
    referral = sent_referral(world)
    reason = RefusalReason.objects.get(code="no_proof_of_address")
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=reason,
        detail="No utility bill",
        expected_version=referral.version,
    )
    assert referral.flagged_to_commissioner
    alert = RegistrationAlert.objects.get(kind=RegistrationAlert.Kind.NOT_REASONABLE_REFUSAL)
    assert alert.organisation == world.commissioner
    assert referral.refusal_letter_due_on == referral.refused_on + datetime.timedelta(days=14)


def test_refusal_because_the_list_is_closed_is_not_flagged(world):
    referral = sent_referral(world)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code="list_closed"),
        expected_version=referral.version,
    )
    assert not referral.flagged_to_commissioner
    assert not RegistrationAlert.objects.filter(organisation=world.commissioner).exists()
    # The referrer is still told, to choose what to do next.
    assert RegistrationAlert.objects.get().kind == RegistrationAlert.Kind.REFUSED


def test_refusal_with_other_reason_needs_free_text(world):
    referral = sent_referral(world)
    with pytest.raises(ValidationError) as error:
        services.refuse(
            world.practice_user,
            world.practice,
            referral,
            reason=RefusalReason.objects.get(code="other"),
            expected_version=referral.version,
        )
    assert "detail" in error.value.error_dict


def test_only_the_chosen_practice_may_answer(world):
    referral = sent_referral(world)
    other_user = MembershipFactory(organisation=world.other_practice).user
    with pytest.raises(PermissionDenied):
        services.accept(
            other_user,
            world.other_practice,
            referral,
            registered_on=timezone.localdate(),
            expected_version=referral.version,
        )


def test_a_stale_answer_is_refused(world):
    referral = sent_referral(world)
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.accept(
            world.practice_user,
            world.practice,
            referral,
            registered_on=timezone.localdate(),
            expected_version=referral.version - 1,
        )


def test_practice_loses_sight_when_its_refusal_letter_is_due(world):
    referral = sent_referral(world)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code="outside_boundary"),
        expected_version=referral.version,
    )
    relationship = PatientRelationship.objects.get(
        patient=referral.patient, organisation=world.practice
    )
    assert relationship.expires_on == referral.refusal_letter_due_on


def _months_from_today(months):
    return add_months(timezone.localdate(), months)


def test_referral_four_months_before_release_is_refused_as_too_early_domain_3_3(world):
    # A practice may register a prison leaver only up to one month before release.
    release = _months_from_today(4)
    earliest = _months_from_today(3)
    with pytest.raises(ValidationError) as refused:
        services.refer(world.worker, world.probation, world.person(), prison_data(release))
    (message,) = refused.value.message_dict["release_date"]
    assert message == (
        "A practice can register someone only from one month before they are released. They "
        f"are released on {release.day} {release:%B %Y}, so refer them on or after "
        f"{earliest.day} {earliest:%B %Y}."
    )
    assert not RegistrationReferral.objects.exists()
    assert not Consent.objects.exists()


def test_referral_one_month_before_release_is_accepted_domain_3_3(world):
    release = _months_from_today(1)
    referral = services.refer(world.worker, world.probation, world.person(), prison_data(release))
    assert referral.release_date == release


def test_registration_dated_more_than_one_month_before_release_is_refused_domain_3_3(world):
    release = timezone.localdate() + datetime.timedelta(days=20)
    referral = sent_referral(world, data=prison_data(release))
    with pytest.raises(ValidationError) as refused:
        services.accept(
            world.practice_user,
            world.practice,
            referral,
            registered_on=release - datetime.timedelta(days=60),
            expected_version=referral.version,
        )
    assert "only from one month before they are released" in str(
        refused.value.message_dict["registered_on"]
    )
    referral.refresh_from_db()
    assert referral.status == Status.SENT
