"""GP registration round-trips: what the referrer, the practice and anyone recording a date
type on the registration pages is what the referral, the person's record and the consent
behind it hold."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.patients.models import Consent, Patient
from gateway.registration import services
from gateway.registration.forms import (
    AcceptForm,
    AfterRefusalForm,
    ChoosePracticeForm,
    DateForm,
    PersonForm,
    PracticeContactedForm,
    ReferralForm,
    RefusalOutcomeForm,
    RefuseForm,
    WithdrawForm,
)
from gateway.registration.models import ReferralChange, RefusalReason, RegistrationReferral
from gateway.registration.tests.helpers import World, referral_data, sent_referral
from tests import factories

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _referral_answers(today):
    """Every question on the referral page: a prison leaver released in ten days, who agreed
    in writing, with a temporary address and identity seen on a document."""
    return {
        "consent_given": "yes",
        "consent_method": "written",
        "address_basis": "temporary",
        "address_line_1": "Room 12, Phoenix House",
        "address_line_2": "3 Grand Parade",
        "town": "Brighton",
        "postcode": "BN2 9QA",
        "identity_confirmed": "yes",
        "identity_method": "document_seen",
        "identity_note": "Prison discharge papers",
        "adjustments": "A quiet waiting area and a longer appointment",
        "is_prison_leaver": "yes",
        **date_parts("release_date", today + datetime.timedelta(days=10)),
        "releasing_establishment": "HMP Lewes",
        "medication_on_release": "Sertraline 50mg",
        "medication_days": "28",
        "opioid_substitution": "yes",
        "opioid_substitution_days": "14",
    }


def _referral_stored(referral):
    address = referral.patient.addresses.get(is_current=True)
    consent = referral.consent
    return {
        # The yes/no questions clean to True or False.
        "consent_given": (
            consent.purpose == Consent.Purpose.REGISTER_WITH_GP
            and consent.is_in_force(timezone.localdate())
        ),
        "consent_method": consent.method,
        "address_basis": referral.address_basis,
        "address_line_1": address.line_1,
        "address_line_2": address.line_2,
        "town": address.town,
        "postcode": address.postcode,
        "identity_confirmed": referral.identity_confirmed,
        "identity_method": referral.identity_method,
        "identity_note": referral.identity_note,
        "adjustments": referral.adjustments,
        "is_prison_leaver": referral.is_prison_leaver,
        "release_date": referral.release_date,
        "releasing_establishment": referral.releasing_establishment,
        "medication_on_release": referral.medication_on_release,
        "medication_days": referral.medication_days,
        "opioid_substitution": referral.opioid_substitution,
        "opioid_substitution_days": referral.opioid_substitution_days,
    }


def _through_check_answers(client, sent):
    """The form goes to the check-answers page; saving happens there."""
    assert sent.status_code == 302, page_errors(sent)
    assert "/new/check/" in sent["Location"], sent["Location"]
    assert not RegistrationReferral.objects.exists()  # nothing is written before the check
    saved = submit(client, sent["Location"], {})
    assert saved.status_code == 302, page_errors(saved)
    return saved


@scenario(ReferralForm)
def refer_someone_they_support(client):
    world = World()
    sign_in(client, world.worker, world.probation)
    patient = world.person()
    data = _referral_answers(timezone.localdate())
    url = reverse("registration:new-for-patient", args=[patient.public_id])
    _through_check_answers(client, submit(client, url, data))
    referral = RegistrationReferral.objects.get(patient=patient)
    return RoundTrip(ReferralForm, data, _referral_stored(referral))


def test_a_referral_keeps_consent_the_address_identity_adjustments_and_prison_release(client):
    check(refer_someone_they_support(client))


def _person_answers():
    return {
        "title": "Mx",
        "given_name": "Casey",
        "family_name": "Doe",
        **date_parts("date_of_birth", datetime.date(1991, 7, 4)),
        "birth_year": "1991",
        "sex": "female",
        "ethnic_category": "Z",
        "nhs_number": factories.test_nhs_number(),
    }


def _person_trip(client, person, unstored):
    world = World()
    sign_in(client, world.worker, world.probation)
    answers = {**_referral_answers(timezone.localdate()), "address_basis": "proxy"}
    posted = {**{f"person-{key}": value for key, value in person.items()}, **answers}
    _through_check_answers(client, submit(client, reverse("registration:new"), posted))
    patient = RegistrationReferral.objects.get(referring_organisation=world.probation).patient
    stored = {
        "title": patient.title,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": None if patient.date_of_birth_is_estimated else patient.date_of_birth,
        "birth_year": patient.date_of_birth.year if patient.date_of_birth_is_estimated else None,
        "sex": patient.sex,
        "ethnic_category": patient.ethnic_category,
        "nhs_number": patient.nhs_number,
    }
    return RoundTrip(PersonForm, person, stored, unstored)


@scenario(PersonForm)
def refer_someone_new_to_gateway(client):
    """The date of birth is known: it is kept as given, not as an estimate."""
    return _person_trip(
        client,
        _person_answers(),
        unstored={
            "birth_year": "asked only when the date of birth is not known; a known date wins"
        },
    )


def test_someone_new_to_gateway_is_added_with_every_detail_the_referrer_gave(client):
    check(refer_someone_new_to_gateway(client))


def test_someone_who_knows_only_the_year_they_were_born_is_kept_with_that_year(client):
    person = {k: v for k, v in _person_answers().items() if not k.startswith("date_of_birth")}
    trip = _person_trip(
        client,
        person,
        unstored={"date_of_birth": "not known: the estimated year is given instead"},
    )
    check(trip)
    assert Patient.objects.get(given_name="Casey").date_of_birth == datetime.date(1991, 1, 1)


@scenario(ChoosePracticeForm)
def choose_the_practice(client):
    world = World()
    sign_in(client, world.worker, world.probation)
    referral = services.refer(world.worker, world.probation, world.person(), referral_data())
    data = {"practice": str(world.other_practice.public_id)}
    sent = submit(client, reverse("registration:choose", args=[referral.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.SENT
    return RoundTrip(ChoosePracticeForm, data, {"practice": str(referral.practice.public_id)})


def test_the_referral_goes_to_the_practice_chosen(client):
    check(choose_the_practice(client))


@scenario(AcceptForm)
def accept_and_give_the_nhs_number(client):
    """The person had no NHS number on Gateway; the practice gives it when it registers them."""
    world = World()
    referral = sent_referral(
        world, patient=world.person(nhs_number="", nhs_number_unknown_reason="not_given")
    )
    sign_in(client, world.practice_user, world.practice)
    data = {
        **date_parts("registered_on", timezone.localdate() - datetime.timedelta(days=1)),
        "nhs_number": factories.test_nhs_number(),
    }
    sent = submit(client, reverse("registration:accept", args=[referral.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    referral.patient.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.REGISTERED
    stored = {"registered_on": referral.registered_on, "nhs_number": referral.patient.nhs_number}
    return RoundTrip(AcceptForm, data, stored)


def test_accepting_keeps_the_day_registered_and_the_nhs_number_the_practice_gave(client):
    check(accept_and_give_the_nhs_number(client))


@scenario(RefuseForm)
def refuse_with_a_reason(client):
    world = World()
    referral = sent_referral(world)
    sign_in(client, world.practice_user, world.practice)
    data = {"reason": "other", "detail": "The practice is closing next month"}
    sent = submit(client, reverse("registration:refuse", args=[referral.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    stored = {"reason": referral.refusal_reason, "detail": referral.refusal_detail}
    return RoundTrip(RefuseForm, data, stored)


def test_a_refusal_keeps_the_reason_and_what_the_practice_said(client):
    check(refuse_with_a_reason(client))


@scenario(WithdrawForm)
def withdraw_a_referral(client):
    world = World()
    referral = sent_referral(world)
    sign_in(client, world.worker, world.probation)
    data = {"reason": "The person has moved to Leeds and will register there"}
    sent = submit(client, reverse("registration:withdraw", args=[referral.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.WITHDRAWN
    change = ReferralChange.objects.get(referral=referral, event="withdrawn")
    return RoundTrip(WithdrawForm, data, {"reason": change.note})


def test_withdrawing_a_referral_keeps_why(client):
    check(withdraw_a_referral(client))


def _registered(world):
    referral = sent_referral(world)
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=timezone.localdate() - datetime.timedelta(days=5),
        expected_version=referral.version,
    )
    referral.refresh_from_db()
    return referral


def _date_trip(client, url, read_back):
    data = date_parts("on", timezone.localdate() - datetime.timedelta(days=2))
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    return RoundTrip(DateForm, data, {"on": read_back()})


@scenario(DateForm)
def first_appointment(client):
    world = World()
    referral = _registered(world)
    sign_in(client, world.worker, world.probation)
    url = reverse("registration:attended", args=[referral.public_id])

    def read_back():
        referral.refresh_from_db()
        return referral.first_appointment_attended_on

    return _date_trip(client, url, read_back)


def test_the_first_appointment_is_kept_on_the_day_given(client):
    check(first_appointment(client))


def test_the_refusal_letter_is_kept_on_the_day_given(client):
    world = World()
    referral = sent_referral(world)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code="list_closed"),
        expected_version=referral.version,
    )
    sign_in(client, world.practice_user, world.practice)
    url = reverse("registration:refusal-letter", args=[referral.public_id])

    def read_back():
        referral.refresh_from_db()
        return referral.refusal_letter_sent_on

    check(_date_trip(client, url, read_back))


def test_returned_post_is_kept_on_the_day_given(client):
    world = World()
    referral = _registered(world)
    sign_in(client, world.practice_user, world.practice)
    url = reverse("registration:returned-post", args=[referral.public_id])

    def read_back():
        referral.refresh_from_db()
        return referral.post_returned_on

    check(_date_trip(client, url, read_back))


def _refused(world, code="no_id"):
    referral = sent_referral(world)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code=code),
        expected_version=referral.version,
    )
    referral.refresh_from_db()
    return referral


@scenario(AfterRefusalForm)
def challenge_a_refusal(client):
    world = World()
    referral = _refused(world)
    sign_in(client, world.worker, world.probation)
    data = {"next_step": "challenge", "reason": "No ID is needed to register with a GP"}
    url = reverse("registration:after-refusal", args=[referral.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    stored = {
        "next_step": "challenge"
        if referral.after_refusal == RegistrationReferral.AfterRefusal.CHALLENGED
        else referral.after_refusal,
        "reason": referral.challenge_reason,
    }
    return RoundTrip(AfterRefusalForm, data, stored)


def test_a_challenge_keeps_why_the_refusal_is_wrong(client):
    check(challenge_a_refusal(client))


@scenario(PracticeContactedForm)
def the_commissioner_contacts_the_practice(client):
    world = World()
    referral = _refused(world)
    sign_in(client, world.commissioner_user, world.commissioner)
    data = {
        **date_parts("on", timezone.localdate() - datetime.timedelta(days=1)),
        "note": "The practice manager agreed no ID is needed",
    }
    url = reverse("registration:practice-contacted", args=[referral.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    change = ReferralChange.objects.get(
        referral=referral, event="commissioner contacted the practice"
    )
    return RoundTrip(
        PracticeContactedForm,
        data,
        {"on": referral.practice_contacted_on, "note": change.note},
    )


def test_contacting_the_practice_keeps_the_day_and_what_it_said(client):
    check(the_commissioner_contacts_the_practice(client))


@scenario(RefusalOutcomeForm)
def the_commissioner_assigns_a_practice(client):
    world = World()
    referral = _refused(world)
    sign_in(client, world.commissioner_user, world.commissioner)
    data = {
        "outcome": RegistrationReferral.CommissionerOutcome.PRACTICE_ASSIGNED,
        "practice": str(world.other_practice.public_id),
        "note": "Zed Surgery has an open list",
    }
    url = reverse("registration:refusal-outcome", args=[referral.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    referral.refresh_from_db()
    new = RegistrationReferral.objects.get(follows=referral)
    change = ReferralChange.objects.get(referral=referral, event="commissioner's outcome")
    return RoundTrip(
        RefusalOutcomeForm,
        data,
        {
            "outcome": referral.commissioner_outcome,
            "practice": str(new.practice.public_id),
            "note": change.note.split(". ", 1)[1],
        },
    )


def test_the_commissioners_outcome_keeps_the_practice_assigned_and_why(client):
    check(the_commissioner_assigns_a_practice(client))
