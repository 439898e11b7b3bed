"""The contact plan rule (docs/domain/multiple-disadvantage.md#safe-contact DASH safe contact
details, docs/domain/external-services.md#govuk-notify Notify refuses no-fixed-abode letters)."""

from datetime import UTC, date, datetime

import pytest

from gateway.patients.models import Address, Consent, ContactRoute, PatientFlag
from gateway.patients.rules.contact import check_route, usable_routes

TODAY = date(2026, 11, 24)
Kind = ContactRoute.Kind


def route(kind, preference=1, pk=None, **fields):
    r = ContactRoute(kind=kind, preference=preference, **fields)
    r.pk = pk or preference
    r.created_at = datetime(2026, 1, preference, tzinfo=UTC)
    return r


def consent(**fields):
    values = {
        "purpose": Consent.Purpose.CONTACT_THROUGH_WORKER,
        "organisation_id": 7,
        "worker_id": 3,
        "starts_on": date(2026, 1, 1),
    }
    values.update(fields)
    return Consent(**values)


def usable(routes, flags=(), consents=()):
    return usable_routes(routes, flag_kinds=flags, consents=list(consents), on_date=TODAY)


def test_routes_are_offered_in_the_persons_order_of_preference():
    text = route(Kind.MOBILE, 2, phone_number="07700900001")
    email = route(Kind.EMAIL, 1, email_address="a@example.org")
    assert usable([text, email]) == [email, text]


def test_a_route_marked_never_send_here_is_never_used_dash_safe_contact():
    shared = route(Kind.MOBILE, 1, phone_number="07700900001", safety="never")
    assert usable([shared]) == []
    assert (
        "never" in check_route(shared, flag_kinds=set(), consents=[], on_date=TODAY).reason.lower()
    )


def test_no_fixed_abode_blocks_letters_to_that_address_notify_refuses_them():
    nfa = route(Kind.POSTAL, 1, address=Address(kind=Address.Kind.NO_FIXED_ABODE, town="Hove"))
    assert usable([nfa]) == []


def test_a_current_postal_address_with_a_postcode_is_usable():
    home = route(Kind.POSTAL, 1, address=Address(kind="home", line_1="1 Road", postcode="BN1 1AA"))
    assert usable([home]) == [home]


def test_do_not_send_letters_flag_stops_postal_routes_but_not_texts():
    home = route(Kind.POSTAL, 1, address=Address(kind="home", line_1="1 Road", postcode="BN1 1AA"))
    text = route(Kind.MOBILE, 2, phone_number="07700900001")
    assert usable([home, text], flags={PatientFlag.Kind.DO_NOT_SEND_LETTERS}) == [text]


@pytest.mark.parametrize(
    ("given", "works"),
    [
        ({}, True),
        ({"expires_on": date(2026, 11, 23)}, False),
        ({"expires_on": date(2026, 11, 24)}, True),
        ({"withdrawn_at": datetime(2026, 11, 1, tzinfo=UTC)}, False),
        ({"starts_on": date(2026, 12, 1)}, False),
        ({"organisation_id": 8}, False),
        ({"worker_id": 4}, False),
        ({"worker_id": None}, True),
    ],
)
def test_routing_through_a_worker_needs_consent_in_force_for_that_worker(given, works):
    via = route(Kind.VIA_WORKER, 1, worker_id=3, worker_organisation_id=7)
    assert (usable([via], consents=[consent(**given)]) == [via]) is works


def test_routes_the_person_added_wait_for_staff_to_confirm_them():
    proposed = route(Kind.MOBILE, 1, phone_number="07700900001", awaiting_staff_confirmation=True)
    assert usable([proposed]) == []


def test_ended_routes_are_not_used():
    ended = route(
        Kind.MOBILE, 1, phone_number="07700900001", ended_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    assert usable([ended]) == []
