"""/api/v1/patients: same visibility, services and audit as the pages."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import Patient
from tests.factories import (
    AddressFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    test_nhs_number,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/patients"


def body(**overrides):
    data = {
        "nhs_number": test_nhs_number(),
        "given_name": "Jordan",
        "family_name": "Rivers",
        "date_of_birth": "1985-03-14",
        "sex": "female",
        "address": {
            "kind": "home",
            "line_1": "1 Test Street",
            "town": "Brighton",
            "postcode": "bn1 1aa",
        },
    }
    data.update(overrides)
    return data


class TestSignIn:
    def test_no_token_is_refused(self, client):
        assert client.get(f"{URL}/{PatientFactory().public_id}").status_code == 401

    def test_revoked_token_is_refused(self, api_client):
        organisation = PracticeFactory()
        client, _ = api_client(organisation, revoked_at=timezone.now())
        patient = PatientFactory(created_by_organisation=organisation)
        assert client.get(f"{URL}/{patient.public_id}").status_code == 401

    def test_token_of_a_disabled_account_is_refused(self, api_client):
        organisation = PracticeFactory()
        client, token = api_client(organisation)
        token.user.is_active = False
        token.user.save()
        patient = PatientFactory(created_by_organisation=organisation)
        assert client.get(f"{URL}/{patient.public_id}").status_code == 401


class TestGetPatient:
    def test_related_organisation_reads_the_patient_and_the_read_is_audited(self, api_client):
        organisation = PracticeFactory()
        client, token = api_client(organisation)
        patient = PatientFactory(created_by_organisation=organisation)
        AddressFactory(patient=patient)
        response = client.get(f"{URL}/{patient.public_id}")
        assert response.status_code == 200
        data = response.json()
        assert data["nhs_number"] == patient.nhs_number
        assert data["addresses"][0]["postcode"] == "BN1 1AA"
        event = AuditEvent.objects.get(action="view")
        assert (event.actor, event.organisation, event.patient_id) == (
            token.user,
            organisation,
            patient.pk,
        )

    def test_unrelated_organisation_gets_not_found(self, api_client):
        client, _ = api_client(PracticeFactory())
        patient = PatientFactory()
        response = client.get(f"{URL}/{patient.public_id}")
        assert response.status_code == 404
        assert patient.given_name not in response.content.decode()
        # No record was viewed; the refusal is on the trail (gateway/audit/middleware.py).
        assert not AuditEvent.objects.filter(action="view").exists()
        [refusal] = AuditEvent.objects.filter(action="refused")
        assert (refusal.patient_id, refusal.object_id, refusal.detail["refused"]) == (
            None,
            str(patient.public_id),
            404,
        )

    def test_ended_relationship_gets_not_found(self, api_client):
        partner = PartnerFactory()
        client, _ = api_client(partner, role=Role.SUPPORT_WORKER)
        patient = PatientFactory(related_to=[partner])
        assert client.get(f"{URL}/{patient.public_id}").status_code == 200
        patient.relationships.filter(organisation=partner).update(is_active=False)
        assert client.get(f"{URL}/{patient.public_id}").status_code == 404

    def test_role_without_patient_access_is_forbidden(self, api_client):
        organisation = PracticeFactory()
        client, _ = api_client(organisation, role=Role.AUDITOR)
        patient = PatientFactory(created_by_organisation=organisation)
        assert client.get(f"{URL}/{patient.public_id}").status_code == 403


class TestCreatePatient:
    def test_creates_through_the_same_service(self, api_client):
        organisation = PracticeFactory()
        client, _ = api_client(organisation)
        response = client.post(URL, body(), content_type="application/json")
        assert response.status_code == 201, response.content
        patient = Patient.objects.get(public_id=response.json()["public_id"])
        assert patient.relationships.get().organisation == organisation
        assert patient.addresses.get().postcode == "BN1 1AA"
        assert AuditEvent.objects.filter(action="create", patient_id=patient.pk).exists()

    def test_ethnic_group_is_stored_and_read_back_and_not_known_when_left_out(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(ethnic_category="N"), content_type="application/json")
        assert response.status_code == 201, response.content
        assert response.json()["ethnic_category"] == "N"
        assert Patient.objects.get().ethnic_category == "N"
        response = client.post(
            URL,
            body(nhs_number=test_nhs_number(), given_name="Sam"),
            content_type="application/json",
        )
        assert response.json()["ethnic_category"] == "99"

    def test_an_ethnic_group_outside_the_nhs_categories_gives_422(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(ethnic_category="X"), content_type="application/json")
        assert response.status_code == 422
        assert "ethnic_category" in response.json()["errors"]

    def test_bad_details_give_422_with_plain_messages(self, api_client):
        client, _ = api_client(PracticeFactory())
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        response = client.post(
            URL,
            body(
                nhs_number="9434765918",
                date_of_birth=tomorrow.isoformat(),
                address={"kind": "hostel"},
            ),
            content_type="application/json",
        )
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert errors["nhs_number"] == ["Enter a valid NHS number — check you typed it correctly"]
        assert errors["date_of_birth"] == ["Date of birth must be today or in the past"]
        assert errors["address.postcode"] == ["Enter their postcode"]
        assert not Patient.objects.exists()

    def test_nhs_number_with_a_superscript_digit_gives_422_not_a_server_error(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(nhs_number="943476591²"), content_type="application/json")
        assert response.status_code == 422
        assert response.json()["errors"]["nhs_number"] == ["NHS number must be 10 numbers"]
        assert not Patient.objects.exists()

    def test_nhs_number_in_full_width_digits_is_stored_as_0_to_9(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(
            URL, body(nhs_number="９４３４７６５９１９"), content_type="application/json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["nhs_number"] == "9434765919"

    def test_nhs_number_1111111111_is_refused_with_not_known_as_the_way_out(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(nhs_number="1111111111"), content_type="application/json")
        assert response.status_code == 422
        (message,) = response.json()["errors"]["nhs_number"]
        assert message.startswith("1111111111 is not a real NHS number")
        assert "not known" in message

    def test_wrong_json_types_give_422(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(needs_bsl="perhaps"), content_type="application/json")
        assert response.status_code == 422
        assert "needs_bsl" in response.json()["errors"]

    def test_nhs_number_not_known_needs_a_reason(self, api_client):
        client, _ = api_client(PracticeFactory())
        response = client.post(URL, body(nhs_number=""), content_type="application/json")
        assert response.status_code == 422
        assert "nhs_number" in response.json()["errors"]
        response = client.post(
            URL,
            body(nhs_number="", nhs_number_unknown_reason="never_registered"),
            content_type="application/json",
        )
        assert response.status_code == 201

    def test_same_nhs_number_is_a_conflict_that_cannot_be_overridden(self, api_client):
        organisation = PracticeFactory()
        client, _ = api_client(organisation)
        existing = PatientFactory(created_by_organisation=organisation)
        response = client.post(
            URL,
            body(nhs_number=existing.nhs_number, confirmed_not_duplicate=True),
            content_type="application/json",
        )
        assert response.status_code == 409
        assert response.json()["existing_records"] == [str(existing.public_id)]
        assert response.json()["can_create_anyway"] is False

    def test_hidden_nhs_number_match_reveals_nothing(self, api_client):
        client, _ = api_client(PracticeFactory())
        hidden = PatientFactory()
        response = client.post(
            URL, body(nhs_number=hidden.nhs_number), content_type="application/json"
        )
        # ADR 0035: no answer of its own; the details go to the commissioner to check.
        assert response.status_code == 202
        assert "existing_records" not in response.json()
        assert "not linked" not in response.json()["detail"]
        assert "sent these details to your commissioner" in response.json()["detail"]

    def test_same_name_and_date_of_birth_can_be_confirmed(self, api_client):
        organisation = PracticeFactory()
        client, _ = api_client(organisation)
        PatientFactory(
            created_by_organisation=organisation,
            given_name="Jordan",
            family_name="Rivers",
            date_of_birth=datetime.date(1985, 3, 14),
        )
        first = client.post(URL, body(), content_type="application/json")
        assert first.status_code == 409
        assert first.json()["can_create_anyway"] is True
        again = client.post(
            URL, body(confirmed_not_duplicate=True), content_type="application/json"
        )
        assert again.status_code == 201

    def test_panel_member_token_cannot_add(self, api_client):
        client, _ = api_client(PracticeFactory(), role=Role.PANEL_MEMBER)
        assert client.post(URL, body(), content_type="application/json").status_code == 403


def test_openapi_docs_are_published_to_token_holders(api_client):
    client, _ = api_client(PracticeFactory())
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/patients/f%3D%11%0A%C3%B8",  # a line break no URL pattern matches
        "/api/v1/no-such-thing",
    ],
)
def test_an_api_address_nothing_answers_is_a_json_not_found(api_client, address):
    """The API's clients read JSON: an address under /api/ that no route matches answers as
    the API's own not-found does, not with the web page (found by schemathesis)."""
    client, _ = api_client(PracticeFactory())
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found"}


def test_a_web_address_nothing_answers_is_still_the_page_people_read(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
