"""Where a person on the scheme sends an appeal: the commissioner's address, phone and email
for appeals, kept on its organisation record and printed in letters to the person."""

import pytest
from django.urls import reverse

from gateway.accounts.models import Organisation, Role, postal_lines
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import page_text

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return reverse("accounts:organisation-edit", kwargs={"public_id": organisation.public_id})


def commissioner_form(commissioner, **changes):
    return {
        "name": commissioner.name,
        "ods_code": commissioner.ods_code,
        "appeals_address": "Primary Care Team\n1 ICB House\nBrighton",
        "appeals_postcode": "bn1 1aa",
        "appeals_phone": "0300 111 2222",
        "appeals_email": "appeals@icb.example.nhs.uk",
        "version": commissioner.version,
        **changes,
    }


def test_commissioner_records_where_people_send_appeals(staff_client):
    commissioner = factories.CommissionerFactory(
        appeals_address="", appeals_postcode="", appeals_phone="", appeals_email=""
    )
    client, user, _ = staff_client(Role.COMMISSIONER, organisation=commissioner)
    response = client.post(edit_url(commissioner), commissioner_form(commissioner))
    assert response.status_code == 302
    commissioner.refresh_from_db()
    assert commissioner.appeals_lines == ["Primary Care Team", "1 ICB House", "Brighton", "BN1 1AA"]
    assert commissioner.appeals_phone == "0300 111 2222"
    assert commissioner.appeals_email == "appeals@icb.example.nhs.uk"
    assert commissioner.appeal_contact_gaps() == []
    event = AuditEvent.objects.get(action="update", object_id=str(commissioner.public_id))
    assert {"appeals_address", "appeals_postcode", "appeals_phone", "appeals_email"} <= set(
        event.changed_fields
    )


def test_a_wrong_appeals_postcode_or_email_is_explained_and_what_was_typed_is_kept(staff_client):
    commissioner = factories.CommissionerFactory()
    client, _, _ = staff_client(Role.COMMISSIONER, organisation=commissioner)
    response = client.post(
        edit_url(commissioner),
        commissioner_form(commissioner, appeals_postcode="not a postcode", appeals_email="nope"),
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "Enter a real postcode, like BN1 1AA" in text
    assert "Enter an email address in the correct format" in text
    assert "not a postcode" in text and "0300 111 2222" in text
    commissioner.refresh_from_db()
    assert commissioner.appeals_phone == "0300 555 0100"  # nothing half-written


def test_appeals_contact_is_asked_only_of_commissioners(staff_client):
    practice = factories.PracticeFactory()
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN, organisation=practice)
    assert "Address for appeals" not in page_text(client.get(edit_url(practice)))
    commissioner = factories.CommissionerFactory()
    client, _, _ = staff_client(Role.COMMISSIONER, organisation=commissioner)
    assert "Address for appeals" in page_text(client.get(edit_url(commissioner)))


def test_a_missing_appeals_contact_is_named_in_plain_words():
    commissioner = factories.CommissionerFactory(
        appeals_address="", appeals_postcode="", appeals_email=""
    )
    assert commissioner.appeal_contact_gaps() == ["address with a postcode", "email address"]


def test_an_address_prints_its_postcode_once_even_when_typed_twice():
    assert postal_lines("1 Demo Lane\nBrighton\nbn2 1aa", "BN2 1AA") == [
        "1 Demo Lane",
        "Brighton",
        "BN2 1AA",
    ]
    practice = Organisation(address="1 Demo Lane\nBN2 1AA", postcode="BN2 1AA")
    assert practice.postal_lines == ["1 Demo Lane", "BN2 1AA"]
