"""The "How to contact" and "Consent" parts of the patient page, and the pages that change
them (docs/domain/gp-registration.md#registration-through-probation-and-other-services consent,
docs/domain/multiple-disadvantage.md#safe-contact DASH safe contact,
docs/domain/external-services.md#govuk-notify)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import Consent, ContactRoute
from gateway.patients.services import consent as consent_services
from gateway.patients.services import contact as contact_services
from tests.factories import AddressFactory, MembershipFactory, PartnerFactory, PatientFactory

pytestmark = pytest.mark.django_db
Kind = ContactRoute.Kind


@pytest.fixture
def worker(staff_client):
    client, user, organisation = staff_client(Role.SUPPORT_WORKER, PartnerFactory())
    patient = PatientFactory(created_by_organisation=organisation)
    AddressFactory(patient=patient)
    return client, user, organisation, patient


def page(client, patient):
    return client.get(reverse("patients:detail", args=[patient.public_id])).content.decode()


def add(user, organisation, patient, **data):
    return contact_services.add_route(user, organisation, patient, data)


def test_a_person_with_no_usable_route_shows_a_clear_warning(worker):
    client, user, organisation, patient = worker
    # No routes recorded: their current address stands in, as the outbox uses it (ADR 0012).
    assert "No usable way to contact this person" not in page(client, patient)
    assert "1. Letter to their current address" in page(client, patient)
    add(
        user,
        organisation,
        patient,
        kind=Kind.POSTAL,
        address=patient.addresses.get(),
        safety=ContactRoute.Safety.NEVER,
        safety_note="Ex-partner lives here",
    )
    html = page(client, patient)
    assert "No usable way to contact this person" in html
    assert "Never send here" in html and "Ex-partner lives here" in html
    assert "Marked never to send here." in html


def test_the_plan_shows_each_route_in_order_with_confirmation_and_use_today(worker):
    client, user, organisation, patient = worker
    add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900123", confirmed=True)
    add(
        user,
        organisation,
        patient,
        kind=Kind.VIA_WORKER,
        worker=user,
        worker_organisation=organisation,
    )
    html = page(client, patient)
    assert "No usable way" not in html
    assert html.index("1. Text message to a mobile") < html.index("2. Through a named support")
    today = timezone.localdate()
    assert f"{today.day} {today:%B %Y} by {user.display_name}" in html
    assert "Never confirmed" in html
    assert "consent to be contacted through this worker is not in force" in html


def test_the_patient_page_costs_the_same_queries_however_many_routes_and_consents(
    worker, django_assert_max_num_queries
):
    client, user, organisation, patient = worker
    add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900001")
    # Two more than before the page showed the contact plan: the routes and the consents, each
    # one query.
    with django_assert_max_num_queries(20) as small:
        page(client, patient)
    for n in range(2, 12):
        add(user, organisation, patient, kind=Kind.MOBILE, phone_number=f"077009000{n:02d}")
        consent_services.record_consent(
            user,
            organisation,
            patient,
            {
                "purpose": Consent.Purpose.CONTACT_THROUGH_WORKER,
                "organisation": organisation,
                "worker": user,
                "scope": "Messages",
                "starts_on": timezone.localdate(),
                "method": "verbal",
            },
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = page(client, patient)
    assert "11. Text message" in html


def test_adding_a_route_keeps_what_was_typed_and_says_what_is_wrong(worker):
    client, _, _, patient = worker
    url = reverse("patients:contact-route-add", args=[patient.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "mobile", "phone_number": "01273 123456", "safety": "safe"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a UK mobile number" in html and "01273 123456" in html
    assert not ContactRoute.objects.exists()
    response = client.post(
        url, {"kind": "mobile", "phone_number": "07700 900123", "safety": "safe", "confirmed": "on"}
    )
    assert response.status_code == 302
    route = ContactRoute.objects.get()
    assert route.phone_number == "07700900123" and route.confirmed_by is not None


def test_a_letter_route_offers_the_persons_addresses(worker):
    client, _, _, patient = worker
    address = patient.addresses.get()
    url = reverse("patients:contact-route-add", args=[patient.public_id])
    assert "1 Test Street" in client.get(url).content.decode()
    response = client.post(url, {"kind": "postal", "address": address.pk, "safety": "safe"})
    assert response.status_code == 302
    assert ContactRoute.objects.get().address == address


def test_a_stale_edit_is_refused_plainly_and_keeps_what_was_typed(worker):
    client, user, organisation, patient = worker
    route = add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900123")
    url = reverse("patients:contact-route-edit", args=[route.public_id])
    assert "07700900123" in client.get(url).content.decode()
    contact_services.confirm_route(user, organisation, route, route.version)  # someone else
    response = client.post(
        url,
        {"kind": "mobile", "phone_number": "07700 900999", "safety": "safe", "version": 1},
    )
    html = response.content.decode()
    assert "Someone else changed this contact route while you were editing it" in html
    assert "07700 900999" in html
    route.refresh_from_db()
    assert route.phone_number == "07700900123"


def test_ending_moving_and_confirming_from_the_page(worker):
    client, user, organisation, patient = worker
    first = add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900123")
    second = add(user, organisation, patient, kind=Kind.EMAIL, email_address="a@example.org")
    client.post(
        reverse("patients:contact-route-move", args=[second.public_id]),
        {"version": second.version, "direction": "up"},
    )
    second.refresh_from_db()
    assert second.preference == 1
    client.post(
        reverse("patients:contact-route-confirm", args=[second.public_id]),
        {"version": second.version},
    )
    second.refresh_from_db()
    assert second.confirmed_by == user
    # A stale one-button change says so and changes nothing.
    response = client.post(
        reverse("patients:contact-route-confirm", args=[second.public_id]),
        {"version": 1},
        follow=True,
    )
    assert "Someone else changed this contact route" in response.content.decode()
    response = client.post(
        reverse("patients:contact-route-end", args=[first.public_id]),
        {"version": first.version, "reason": "Phone lost"},
    )
    assert response.status_code == 302
    html = page(client, patient)
    assert "Routes no longer used (1)" in html and "Phone lost" in html


@pytest.mark.parametrize(
    "action", ["patients:contact-route-move", "patients:contact-route-confirm"]
)
def test_a_one_button_change_posted_without_the_version_seen_is_refused_back_to_the_plan(
    worker, action
):
    client, user, organisation, patient = worker
    add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900123")
    second = add(user, organisation, patient, kind=Kind.EMAIL, email_address="a@example.org")
    response = client.post(reverse(action, args=[second.public_id]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("patients:detail", args=[patient.public_id]))
    assert "Someone else changed this contact route" in page(client, patient)
    second.refresh_from_db()
    assert (second.preference, second.confirmed_by) == (2, None)


def test_staff_check_a_change_the_person_made_on_their_own_page(worker):
    client, _, _, patient = worker
    theirs = ContactRoute.objects.create(
        patient=patient,
        kind=Kind.MOBILE,
        phone_number="07700900456",
        confirmed_by_patient=True,
        awaiting_staff_confirmation=True,
    )
    html = page(client, patient)
    assert "Check the person's change" in html
    assert "waiting for staff to check it" in html
    url = reverse("patients:contact-route-review", args=[theirs.public_id])
    response = client.post(url, {"decision": "reject", "version": theirs.version})
    assert "Say why the change is not accepted" in response.content.decode()
    client.post(url, {"decision": "accept", "version": theirs.version})
    theirs.refresh_from_db()
    assert not theirs.awaiting_staff_confirmation


def test_consent_list_shows_history_with_withdrawn_and_expired_as_such(worker):
    client, user, organisation, patient = worker
    today = timezone.localdate()

    def record(**data):
        values = {
            "purpose": Consent.Purpose.SHARE_INFORMATION,
            "organisation": organisation,
            "scope": "Needs",
            "starts_on": today,
            "method": "verbal",
        }
        values.update(data)
        return consent_services.record_consent(user, organisation, patient, values)

    withdrawn = record(scope="Old agreement")
    consent_services.withdraw_consent(
        user, organisation, withdrawn, withdrawn_on=today, note="Changed their mind"
    )
    expired = record(scope="Short agreement")
    Consent.objects.filter(pk=expired.pk).update(
        starts_on=today - datetime.timedelta(days=40),
        expires_on=today - datetime.timedelta(days=10),
    )
    record(scope="Current agreement")
    html = page(client, patient)
    assert "Withdrawn" in html and "Changed their mind" in html
    assert "Expired" in html and "In force" in html
    assert html.index("Current agreement") < html.index("Old agreement")


def test_recording_consent_through_the_page_links_another_organisation(worker):
    client, _, _, patient = worker
    refuge = PartnerFactory(name="Safe Haven Refuge")
    MembershipFactory(organisation=refuge, role=Role.SUPPORT_WORKER)
    url = reverse("patients:consent-add", args=[patient.public_id])
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "purpose": "share_information",
            "organisation": str(refuge.public_id),
            "scope": "Housing needs",
            "starts_on_day": today.day,
            "starts_on_month": today.month,
            "starts_on_year": today.year,
            "method": "written",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert patient.relationships.filter(organisation=refuge, kind="consent").exists()
    response = client.post(url, {"purpose": "contact_through_worker", "scope": ""})
    html = response.content.decode()
    assert "Choose the organisation the consent is with" in html
    assert "Say what the person agreed" in html or "Enter what may be shared" in html


def test_withdrawing_consent_through_the_page(worker):
    client, user, organisation, patient = worker
    consent = consent_services.record_consent(
        user,
        organisation,
        patient,
        {
            "purpose": Consent.Purpose.SHARE_INFORMATION,
            "organisation": organisation,
            "scope": "Needs",
            "starts_on": timezone.localdate(),
            "method": "verbal",
        },
    )
    today = timezone.localdate()
    url = reverse("patients:consent-withdraw", args=[consent.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "withdrawn_on_day": today.day,
            "withdrawn_on_month": today.month,
            "withdrawn_on_year": today.year,
            "note": "Asked at the hostel",
        },
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_every_contact_page_view_is_audited(worker):
    client, user, organisation, patient = worker
    route = add(user, organisation, patient, kind=Kind.MOBILE, phone_number="07700900123")
    for url in (
        reverse("patients:contact-route-add", args=[patient.public_id]),
        reverse("patients:contact-route-edit", args=[route.public_id]),
        reverse("patients:contact-route-end", args=[route.public_id]),
        reverse("patients:consent-add", args=[patient.public_id]),
    ):
        before = AuditEvent.objects.filter(action="view", patient_id=patient.pk).count()
        assert client.get(url).status_code == 200
        assert AuditEvent.objects.filter(action="view", patient_id=patient.pk).count() == before + 1
