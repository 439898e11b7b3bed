"""Changing a person's contact routes (docs/domain/multiple-disadvantage.md#safe-contact DASH safe
contact, docs/domain/external-services.md#govuk-notify Notify): validation in plain words, one order
of preference, stale edits refused, the person's own changes confirmed by staff, every change
audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients import queries
from gateway.patients.models import Address, ContactRoute, PatientFlag
from gateway.patients.rules import normalise_uk_mobile
from gateway.patients.services import ConflictError
from gateway.patients.services import contact as routes
from tests.factories import (
    AddressFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

pytestmark = pytest.mark.django_db
Kind = ContactRoute.Kind


@pytest.fixture
def worker():
    return MembershipFactory(role=Role.SUPPORT_WORKER, organisation=PartnerFactory())


@pytest.fixture
def person(worker):
    patient = PatientFactory(created_by_organisation=worker.organisation)
    AddressFactory(patient=patient)
    return patient


def add(membership, person, **data):
    return routes.add_route(membership.user, membership.organisation, person, data)


def mobile(membership, person, number="07700 900123", **data):
    return add(membership, person, kind=Kind.MOBILE, phone_number=number, **data)


def open_order(person):
    return [
        (r.kind, r.preference)
        for r in ContactRoute.objects.filter(patient=person, ended_at__isnull=True).order_by(
            "preference"
        )
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900123", "07700900123"),
        ("+44 7700 900123", "07700900123"),
        ("+44 (0)7700 900-123", "07700900123"),
        ("447700900123", "07700900123"),
        ("01273 123456", None),  # a landline cannot take a text
        ("0770090012", None),
        ("07000 123456", None),  # personal numbers are not mobiles
        ("not a number", None),
    ],
)
def test_uk_mobile_numbers_are_recognised_however_they_are_typed(typed, stored):
    assert normalise_uk_mobile(typed) == stored


def test_a_mobile_is_stored_in_one_form_and_added_as_the_last_choice(worker, person):
    first = add(worker, person, kind=Kind.EMAIL, email_address="Sam@Example.ORG")
    text = mobile(worker, person, "+44 7700 900123")
    assert first.email_address == "Sam@example.org"
    assert text.phone_number == "07700900123"
    assert (first.preference, text.preference) == (1, 2)
    assert text.added_by == worker.user and text.added_by_organisation == worker.organisation


def test_a_landline_is_refused_in_plain_words(worker, person):
    with pytest.raises(ValidationError) as error:
        mobile(worker, person, "01273 123456")
    assert "Enter a UK mobile number" in str(error.value.message_dict["phone_number"])
    assert not ContactRoute.objects.exists()


def test_a_badly_formed_email_is_refused(worker, person):
    with pytest.raises(ValidationError) as error:
        add(worker, person, kind=Kind.EMAIL, email_address="sam at example")
    assert "right format" in str(error.value.message_dict["email_address"])


def test_the_same_route_twice_is_refused(worker, person):
    mobile(worker, person)
    with pytest.raises(ValidationError, match="already in the person's contact plan"):
        mobile(worker, person, "+447700900123")


def test_a_letter_route_must_use_one_of_the_persons_own_current_addresses(worker, person):
    someone_else = AddressFactory()
    with pytest.raises(ValidationError) as error:
        add(worker, person, kind=Kind.POSTAL, address=someone_else)
    assert "person's own addresses" in str(error.value.message_dict["address"])
    route = add(worker, person, kind=Kind.POSTAL, address=person.addresses.get())
    assert route.address.patient == person


def test_no_fixed_abode_cannot_be_a_letter_route_DOMAIN_6(worker):
    patient = PatientFactory(created_by_organisation=worker.organisation)
    homeless = AddressFactory(
        patient=patient, kind=Address.Kind.NO_FIXED_ABODE, line_1="", postcode=""
    )
    with pytest.raises(ValidationError) as error:
        add(worker, patient, kind=Kind.POSTAL, address=homeless)
    assert "no fixed abode" in str(error.value.message_dict["address"])


def test_a_care_of_address_at_an_organisation_can_take_letters_DOMAIN_3_2(worker):
    patient = PatientFactory(created_by_organisation=worker.organisation)
    proxy = AddressFactory(
        patient=patient,
        kind=Address.Kind.CARE_OF,
        care_of_organisation=worker.organisation,
        line_1="Probation Office, 1 High Street",
    )
    route = add(worker, patient, kind=Kind.POSTAL, address=proxy)
    plan = queries.contact_plan_for(patient)
    assert [c.route for c in plan if c.usable] == [route]


def test_a_worker_route_needs_a_member_of_the_chosen_organisation(worker, person):
    stranger = MembershipFactory(role=Role.SUPPORT_WORKER).user
    with pytest.raises(ValidationError) as error:
        add(
            worker,
            person,
            kind=Kind.VIA_WORKER,
            worker=stranger,
            worker_organisation=worker.organisation,
        )
    assert "does not work for" in str(error.value.message_dict["worker"])
    route = add(
        worker,
        person,
        kind=Kind.VIA_WORKER,
        worker=worker.user,
        worker_organisation=worker.organisation,
    )
    assert route.worker == worker.user


def test_in_person_routes_name_a_gp_practice(worker, person):
    with pytest.raises(ValidationError):
        add(worker, person, kind=Kind.IN_PERSON, in_person_organisation=PartnerFactory())
    route = add(worker, person, kind=Kind.IN_PERSON, in_person_organisation=SasPracticeFactory())
    assert route.in_person_organisation.is_sas_practice


def test_never_send_here_needs_a_note_saying_why_DOMAIN_4_DASH(worker, person):
    with pytest.raises(ValidationError) as error:
        add(
            worker,
            person,
            kind=Kind.POSTAL,
            address=person.addresses.get(),
            safety=ContactRoute.Safety.NEVER,
        )
    assert "Say why" in str(error.value.message_dict["safety_note"])


def test_a_letter_never_goes_to_the_abusers_household_DOMAIN_4_DASH(worker, person):
    household = add(
        worker,
        person,
        kind=Kind.POSTAL,
        address=person.addresses.get(),
        safety=ContactRoute.Safety.NEVER,
        safety_note="Ex-partner lives here",
    )
    text = mobile(worker, person)
    plan = queries.contact_plan_for(person)
    usable = [c.route for c in plan if c.usable]
    assert usable == [text]
    assert next(c for c in plan if c.route == household).reason == "Marked never to send here."


def test_a_shared_phone_stays_usable_with_its_mark(worker, person):
    route = mobile(worker, person, safety=ContactRoute.Safety.SHARED, safety_note="Hostel phone")
    assert route.safety == ContactRoute.Safety.SHARED
    assert [c.usable for c in queries.contact_plan_for(person)] == [True]


def test_a_stale_edit_is_refused_and_writes_nothing(worker, person):
    route = mobile(worker, person)
    # Someone else confirms it from their own copy of the route; this person's copy is stale.
    theirs = ContactRoute.objects.get(pk=route.pk)
    routes.confirm_route(worker.user, worker.organisation, theirs, theirs.version)
    with pytest.raises(ConflictError) as conflict:
        routes.update_route(
            worker.user,
            worker.organisation,
            route,
            {"kind": Kind.MOBILE, "phone_number": "07700900999"},
            expected_version=route.version,
        )
    assert conflict.value.current.version == route.version + 1
    route.refresh_from_db()
    assert route.phone_number == "07700900123"


def test_a_new_number_is_no_longer_confirmed(worker, person):
    route = mobile(worker, person, confirmed=True)
    assert route.last_confirmed_on == timezone.localdate()
    changed = routes.update_route(
        worker.user,
        worker.organisation,
        route,
        {"kind": Kind.MOBILE, "phone_number": "07700900999"},
        expected_version=route.version,
    )
    assert changed.phone_number == "07700900999"
    assert changed.last_confirmed_on is None and changed.confirmed_by is None


def test_ending_a_route_keeps_it_and_closes_the_gap_in_the_order(worker, person):
    first = mobile(worker, person)
    add(worker, person, kind=Kind.EMAIL, email_address="sam@example.org")
    ended = routes.end_route(
        worker.user, worker.organisation, first, "Number no longer works", first.version
    )
    assert ended.ended_at is not None and ended.ended_reason == "Number no longer works"
    assert open_order(person) == [(Kind.EMAIL, 1)]
    with pytest.raises(ValidationError, match="Say why"):
        routes.end_route(worker.user, worker.organisation, first, " ", ended.version)


def test_moving_a_route_keeps_preferences_unique_among_open_routes(worker, person):
    text = mobile(worker, person)
    email = add(worker, person, kind=Kind.EMAIL, email_address="sam@example.org")
    letter = add(worker, person, kind=Kind.POSTAL, address=person.addresses.get())
    routes.move_route(worker.user, worker.organisation, letter, "up", letter.version)
    assert open_order(person) == [(Kind.MOBILE, 1), (Kind.POSTAL, 2), (Kind.EMAIL, 3)]
    text.refresh_from_db()
    routes.move_route(worker.user, worker.organisation, text, "down", text.version)
    assert open_order(person) == [(Kind.POSTAL, 1), (Kind.MOBILE, 2), (Kind.EMAIL, 3)]
    email.refresh_from_db()
    with pytest.raises(ValidationError, match="already the last choice"):
        routes.move_route(worker.user, worker.organisation, email, "down", email.version)


def test_confirming_records_today_and_who(worker, person):
    route = mobile(worker, person)
    confirmed = routes.confirm_route(worker.user, worker.organisation, route, route.version)
    assert confirmed.last_confirmed_on == timezone.localdate()
    assert confirmed.confirmed_by == worker.user


def portal_route(person, preference=1, **fields):
    """A route as the patient's own page leaves it: waiting for staff."""
    values = {
        "kind": Kind.MOBILE,
        "phone_number": "07700900456",
        "confirmed_by_patient": True,
        "awaiting_staff_confirmation": True,
    }
    values.update(fields)
    return ContactRoute.objects.create(patient=person, preference=preference, **values)


def test_a_change_the_person_made_is_not_used_until_staff_accept_it(worker, person):
    mobile(worker, person)
    theirs = portal_route(person, preference=1)  # the portal may reuse a number
    assert [c.usable for c in queries.contact_plan_for(person)] == [True, False]
    accepted = routes.accept_patient_change(
        worker.user, worker.organisation, theirs, theirs.version
    )
    assert not accepted.awaiting_staff_confirmation
    assert accepted.confirmed_by == worker.user and accepted.confirmed_by_patient
    assert sorted(p for _, p in open_order(person)) == [1, 2]
    assert all(c.usable for c in queries.contact_plan_for(person))


def test_a_change_the_person_made_can_be_rejected_with_a_reason(worker, person):
    theirs = portal_route(person)
    with pytest.raises(ValidationError):
        routes.confirm_route(worker.user, worker.organisation, theirs, theirs.version)
    rejected = routes.reject_patient_change(
        worker.user, worker.organisation, theirs, "This is the ex-partner's phone", theirs.version
    )
    assert rejected.ended_at is not None
    assert rejected.ended_reason == "Not accepted by staff: This is the ex-partner's phone"


def test_an_organisation_that_cannot_see_the_person_cannot_change_their_routes(person):
    outsider = MembershipFactory(role=Role.PRACTICE_STAFF, organisation=PracticeFactory())
    with pytest.raises(PermissionDenied):
        mobile(outsider, person)
    auditor = MembershipFactory(role=Role.AUDITOR, organisation=person.created_by_organisation)
    with pytest.raises(PermissionDenied):
        mobile(auditor, person)


def test_every_change_is_audited_without_the_number(worker, person):
    route = mobile(worker, person)
    routes.confirm_route(worker.user, worker.organisation, route, route.version)
    events = AuditEvent.objects.filter(object_type="patients.ContactRoute").order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert all(e.object_id == str(route.public_id) for e in events)
    assert all("07700" not in str(e.detail) for e in events)


def test_do_not_send_letters_flag_blocks_the_letter_route(worker, person):
    letter = add(worker, person, kind=Kind.POSTAL, address=person.addresses.get())
    PatientFlag.objects.create(patient=person, kind=PatientFlag.Kind.DO_NOT_SEND_LETTERS)
    check = queries.contact_plan_for(person)[0]
    assert check.route == letter and not check.usable
