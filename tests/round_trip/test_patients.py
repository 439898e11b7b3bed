"""A person's details, contact routes and consents round-trip: what staff type on the add,
change, contact and consent pages is what the stored record holds."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Membership, Role
from gateway.patients.forms import PatientChangeForm, PatientForm
from gateway.patients.forms.contact import (
    ConsentForm,
    EndRouteForm,
    MoveForm,
    ReviewChangeForm,
    RouteForm,
    WithdrawConsentForm,
)
from gateway.patients.models import Consent, ContactRoute, Patient
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services
from gateway.portal.tests.helpers import scheme_with_mobile, sign_in_patient
from tests import factories

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

ADJUSTMENTS = {
    "interpreter": "needs_interpreter",
    "bsl": "needs_bsl",
    "easy_read": "needs_easy_read",
    "large_print": "needs_large_print",
}


def _adjustments(patient):
    return [choice for choice, flag in ADJUSTMENTS.items() if getattr(patient, flag)]


def _patient_stored(patient):
    address = patient.addresses.get(is_current=True)
    return {
        "nhs_number_known": "yes" if patient.nhs_number else "no",
        "nhs_number": patient.nhs_number,
        "nhs_number_unknown_reason": patient.nhs_number_unknown_reason,
        "nhs_number_unknown_detail": patient.nhs_number_unknown_detail,
        "title": patient.title,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "preferred_name": patient.preferred_name,
        "date_of_birth": patient.date_of_birth,
        "date_of_birth_is_estimated": patient.date_of_birth_is_estimated,
        "sex": patient.sex,
        "gender_identity": patient.gender_identity,
        "pronouns": patient.pronouns,
        "ethnic_category": patient.ethnic_category,
        "adjustments": _adjustments(patient),
        "interpreter_language": patient.interpreter_language,
        "other_adjustments": patient.other_adjustments,
        "address_kind": address.kind,
        "care_of_organisation": address.care_of_organisation,
        "address_line_1": address.line_1,
        "address_line_2": address.line_2,
        "town": address.town,
        "postcode": address.postcode,
    }


def _details(care_of, **overrides):
    data = {
        "title": "Mx",
        "given_name": "Jordan",
        "family_name": "Rivers",
        "preferred_name": "Jo",
        **date_parts("date_of_birth", datetime.date(1984, 3, 15)),
        "date_of_birth_is_estimated": "on",
        "sex": "intersex",
        "gender_identity": "Non-binary",
        "pronouns": "they/them",
        "ethnic_category": "N",
        "adjustments": ["interpreter", "large_print"],
        "interpreter_language": "Polish",
        "other_adjustments": "A quiet waiting area, please.",
        "address_kind": "care_of",
        "care_of_organisation": str(care_of.public_id),
        "address_line_1": "Room 4, St Mungo's",
        "address_line_2": "12 Church Road",
        "town": "Brighton",
        "postcode": "BN1 1AA",
    }
    data.update(overrides)
    return data


def _staff(role=Role.PRACTICE_STAFF):
    membership = factories.MembershipFactory(role=role)
    return membership.user, membership.organisation


@scenario(PatientForm)
def add_a_patient(client):
    """A person whose NHS number is known, who gets post care of a hostel and needs both an
    interpreter and large print."""
    user, organisation = _staff()
    sign_in(client, user, organisation)
    hostel = factories.PartnerFactory(name="St Mungo's Brighton")
    data = {
        "nhs_number_known": "yes",
        "nhs_number": factories.test_nhs_number(),
        # Filled too, as a person may have started answering "No" before finding the
        # number; with "Yes" the number is kept and these are cleared by design.
        "nhs_number_unknown_reason": "other",
        "nhs_number_unknown_detail": "Was not sure at first",
        **_details(hostel),
    }
    sent = submit(client, reverse("patients:create"), data)
    assert sent.status_code == 302, page_errors(sent)
    patient = Patient.objects.get(given_name="Jordan", family_name="Rivers")
    why = "only kept when the NHS number is not known; a known number clears it"
    return RoundTrip(
        PatientForm,
        data,
        _patient_stored(patient),
        unstored={"nhs_number_unknown_reason": why, "nhs_number_unknown_detail": why},
    )


def _existing_patient(organisation):
    patient = factories.PatientFactory(created_by_organisation=organisation)
    factories.AddressFactory(patient=patient)
    return patient


@scenario(PatientChangeForm)
def change_a_patient(client):
    """The NHS number turns out not to be known (another reason, explained); the person now
    gets post care of a hostel and needs both an interpreter and large print."""
    user, organisation = _staff()
    sign_in(client, user, organisation)
    patient = _existing_patient(organisation)
    hostel = factories.PartnerFactory(name="St Mungo's Brighton")
    data = {
        "nhs_number_known": "no",
        # Filled too; with "No" the number is not kept, by design (see the add scenario
        # for a kept number).
        "nhs_number": factories.test_nhs_number(),
        "nhs_number_unknown_reason": "other",
        "nhs_number_unknown_detail": "The number on their letter belonged to someone else",
        **_details(hostel),
    }
    sent = submit(client, reverse("patients:edit", args=[patient.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    patient.refresh_from_db()
    return RoundTrip(
        PatientChangeForm,
        data,
        _patient_stored(patient),
        unstored={"nhs_number": "only kept when the person's NHS number is known"},
    )


def test_adding_a_patient_keeps_every_detail_and_both_reasonable_adjustments(client):
    check(add_a_patient(client))


def test_changing_a_patient_keeps_every_detail_and_both_reasonable_adjustments(client):
    check(change_a_patient(client))


def test_clearing_every_reasonable_adjustment_on_the_change_page_stores_none(client):
    user, organisation = _staff()
    sign_in(client, user, organisation)
    patient = _existing_patient(organisation)
    Patient.objects.filter(pk=patient.pk).update(
        needs_interpreter=True,
        interpreter_language="Polish",
        needs_bsl=True,
        needs_easy_read=True,
        needs_large_print=True,
    )
    url = reverse("patients:edit", args=[patient.public_id])
    assert 'value="interpreter" checked' in client.get(url).content.decode()
    data = {
        "nhs_number_known": "yes",
        "nhs_number": patient.nhs_number,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        **date_parts("date_of_birth", patient.date_of_birth),
        "sex": patient.sex,
        "address_kind": "home",
        "address_line_1": "1 Test Street",
        "town": "Brighton",
        "postcode": "BN1 1AA",
    }
    sent = submit(client, url, data)  # no adjustment ticked
    assert sent.status_code == 302, page_errors(sent)
    patient.refresh_from_db()
    assert _adjustments(patient) == []
    assert patient.interpreter_language == ""


# --- How to contact the person, and what they consented to ---------------------------------


class Supported:
    """A person supported by a probation office, registered at a GP practice, with a home
    address; the support worker signed in."""

    def __init__(self, client):
        self.organisation = factories.PartnerFactory()
        membership = factories.MembershipFactory(
            organisation=self.organisation, role=Role.SUPPORT_WORKER
        )
        self.user, self.membership = membership.user, membership
        self.practice = factories.PracticeFactory()
        self.patient = factories.PatientFactory(
            created_by_organisation=self.organisation, related_to=[self.practice]
        )
        self.address = factories.AddressFactory(patient=self.patient)
        sign_in(client, self.user, self.organisation)

    def add_route(self, **data):
        return contact_services.add_route(self.user, self.organisation, self.patient, data)


# Which form fields each kind of route keeps; the service clears the others, so a route
# whose kind changes never keeps an old number or address behind.
ROUTE_DETAILS = {
    "mobile": ("phone_number",),
    "email": ("email_address",),
    "postal": ("address",),
    "via_worker": ("worker",),
    "in_person": ("in_person_organisation",),
}


def _route_trip(client, kind, change=False):
    """Add a route of this kind with every question answered; or, with change, change the
    person's text message route into one of this kind on the change page."""
    world = Supported(client)
    data = {
        "kind": kind,
        "phone_number": "07700900123",
        "email_address": "jordan@example.com",
        "address": str(world.address.pk),
        "worker": str(world.membership.pk),
        "in_person_organisation": str(world.practice.public_id),
        "safety": "shared",
        "safety_note": "Their brother sometimes reads their post and texts",
        "confirmed": "on",
    }
    url = reverse("patients:contact-route-add", args=[world.patient.public_id])
    if change:
        old = world.add_route(kind="mobile", phone_number="07700900999")
        url = reverse("patients:contact-route-edit", args=[old.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    route = ContactRoute.objects.get(patient=world.patient, ended_at__isnull=True)
    worker = (
        Membership.objects.get(user=route.worker, organisation=route.worker_organisation)
        if route.worker
        else None
    )
    stored = {
        "kind": route.kind,
        "phone_number": route.phone_number,
        "email_address": route.email_address,
        "address": route.address,
        "worker": worker,
        "in_person_organisation": (
            str(route.in_person_organisation.public_id) if route.in_person_organisation else None
        ),
        "safety": route.safety,
        "safety_note": route.safety_note,
        "confirmed": (
            route.last_confirmed_on == timezone.localdate() and route.confirmed_by == world.user
        ),
    }
    unstored = {
        name: f"kept only on a route of another kind, not on a {kind} route"
        for other, names in ROUTE_DETAILS.items()
        if other != kind
        for name in names
    }
    return RoundTrip(RouteForm, data, stored, unstored)


@scenario(RouteForm)
def add_a_route_through_a_worker(client):
    return _route_trip(client, "via_worker")


def test_a_route_through_a_worker_keeps_the_worker_its_safety_mark_and_confirmation(client):
    check(add_a_route_through_a_worker(client))


@pytest.mark.parametrize("kind", ["mobile", "email", "postal", "in_person"])
def test_a_route_of_every_other_kind_keeps_where_it_goes_and_its_safety_mark(client, kind):
    check(_route_trip(client, kind))


@pytest.mark.parametrize("kind", ["mobile", "email", "postal", "via_worker", "in_person"])
def test_changing_a_route_keeps_where_it_now_goes_its_safety_mark_and_confirmation(client, kind):
    check(_route_trip(client, kind, change=True))


@scenario(EndRouteForm)
def end_a_route(client):
    world = Supported(client)
    route = world.add_route(kind="mobile", phone_number="07700900123")
    data = {"reason": "The number no longer works"}
    sent = submit(client, reverse("patients:contact-route-end", args=[route.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    route.refresh_from_db()
    assert route.ended_at is not None
    return RoundTrip(EndRouteForm, data, {"reason": route.ended_reason})


def test_ending_a_route_keeps_why_it_was_ended(client):
    check(end_a_route(client))


@scenario(MoveForm)
def move_a_route(client):
    """Two routes: the first choice moved down is now the second."""
    world = Supported(client)
    first = world.add_route(kind="mobile", phone_number="07700900123")
    second = world.add_route(kind="email", email_address="jordan@example.com")
    before = {route.pk: (route.preference, route.version) for route in (first, second)}
    data = {"direction": "down"}
    # Only the first route has a "Move down" button.
    sent = submit(client, reverse("patients:detail", args=[world.patient.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    # The route moved is the one whose version went up; its new place says which way.
    direction = None
    for route in ContactRoute.objects.filter(pk__in=before):
        preference, version = before[route.pk]
        if route.version > version:
            direction = "down" if route.preference > preference else "up"
    return RoundTrip(MoveForm, data, {"direction": direction})


def test_moving_a_route_down_keeps_the_new_order(client):
    check(move_a_route(client))


def _suggested_by_the_person(client):
    """A person on the scheme adds a mobile number on their own page (their own session);
    the SAS practice checks it."""
    scheme = scheme_with_mobile()
    person = sign_in_patient(Client(), scheme)
    sent = submit(
        person,
        reverse("portal:contact"),
        {"phone_number": "07700900222", "use_first": "no", "shared": "no"},
    )
    assert sent.status_code == 302, page_errors(sent)
    route = ContactRoute.objects.get(phone_number="07700900222")
    assert route.awaiting_staff_confirmation
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    return scheme, route


def _review_trip(client, data):
    scheme, route = _suggested_by_the_person(client)
    url = reverse("patients:contact-route-review", args=[route.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    route.refresh_from_db()
    assert not route.awaiting_staff_confirmation
    if route.ended_at is None and route.confirmed_by == scheme.sas_user:
        decision = "accept"
    elif route.ended_at is not None:
        decision = "reject"
    else:
        decision = None
    prefix = "Not accepted by staff: "
    reason = route.ended_reason.removeprefix(prefix) if route.ended_reason else ""
    return {"decision": decision, "reason": reason}


@scenario(ReviewChangeForm)
def turn_down_the_persons_change(client):
    data = {"decision": "reject", "reason": "This is the number of someone who harms them"}
    return RoundTrip(ReviewChangeForm, data, _review_trip(client, data))


def test_turning_down_the_persons_change_keeps_the_decision_and_why(client):
    check(turn_down_the_persons_change(client))


def test_accepting_the_persons_change_keeps_the_decision(client):
    data = {"decision": "accept", "reason": "Typed before choosing yes"}
    stored = _review_trip(client, data)
    check(
        RoundTrip(
            ReviewChangeForm,
            data,
            stored,
            unstored={"reason": "asked only when the change is not accepted"},
        )
    )


@scenario(ConsentForm)
def record_consent(client):
    """Consent to be contacted through the support worker, in writing, for a year."""
    world = Supported(client)
    today = timezone.localdate()
    data = {
        "purpose": "contact_through_worker",
        "organisation": str(world.organisation.public_id),
        "worker": str(world.membership.pk),
        "scope": "Letters about my appointments",
        **date_parts("starts_on", today - datetime.timedelta(days=3)),
        **date_parts("expires_on", today + datetime.timedelta(days=365)),
        "method": "written",
    }
    url = reverse("patients:consent-add", args=[world.patient.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    consent = Consent.objects.get(patient=world.patient)
    stored = {
        "purpose": consent.purpose,
        "organisation": consent.organisation,
        "worker": Membership.objects.get(user=consent.worker, organisation=consent.organisation),
        "scope": consent.scope,
        "starts_on": consent.starts_on,
        "expires_on": consent.expires_on,
        "method": consent.method,
    }
    return RoundTrip(ConsentForm, data, stored)


def test_recording_consent_keeps_who_what_from_when_until_when_and_how(client):
    check(record_consent(client))


@scenario(WithdrawConsentForm)
def withdraw_consent(client):
    world = Supported(client)
    today = timezone.localdate()
    consent = consent_services.record_consent(
        world.user,
        world.organisation,
        world.patient,
        {
            "purpose": "share_information",
            "organisation": world.practice,
            "scope": "My needs and appointments",
            "starts_on": today - datetime.timedelta(days=30),
            "method": "verbal",
        },
    )
    data = {
        **date_parts("withdrawn_on", today - datetime.timedelta(days=2)),
        "note": "They told us at the drop-in on Monday",
    }
    url = reverse("patients:consent-withdraw", args=[consent.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    consent.refresh_from_db()
    stored = {
        "withdrawn_on": timezone.localtime(consent.withdrawn_at).date(),
        "note": consent.withdrawal_note,
    }
    return RoundTrip(WithdrawConsentForm, data, stored)


def test_withdrawing_consent_keeps_the_day_it_was_withdrawn_and_the_note(client):
    check(withdraw_consent(client))
