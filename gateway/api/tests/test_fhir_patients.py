"""FHIR Patient: UK Core identifiers, names, addresses, scope and audit."""

import datetime

import pytest
from fhir.resources.R4B.patient import Patient

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import Address
from tests.factories import (
    AddressFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    test_nhs_number,
)

from .fhir_helpers import (
    NHS_NUMBER_SYSTEM,
    VERIFICATION_SYSTEM,
    VERIFICATION_URL,
    bundle,
    matches,
    parsed,
    problem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    return PracticeFactory()


@pytest.fixture
def person(practice):
    patient = PatientFactory(
        created_by_organisation=practice,
        title="Ms",
        given_name="Jordan",
        family_name="Rivers",
        preferred_name="Jo",
        sex="female",
        date_of_birth=datetime.date(1985, 3, 14),
    )
    AddressFactory(patient=patient, line_1="1 Test Street", town="Brighton", postcode="BN1 1AA")
    return patient


def identifier_search(nhs_number):
    return {"identifier": f"{NHS_NUMBER_SYSTEM}|{nhs_number}"}


class TestRead:
    def test_the_patient_is_uk_core_with_the_nhs_number_and_its_verification_status(
        self, api_client, practice, person
    ):
        client, _ = api_client(practice)
        patient = parsed(client.get(f"/fhir/Patient/{person.public_id}"), Patient)
        assert patient.id == str(person.public_id)
        assert patient.meta.profile == [
            "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
        ]
        [identifier] = patient.identifier
        assert (identifier.system, identifier.value) == (NHS_NUMBER_SYSTEM, person.nhs_number)
        [extension] = identifier.extension
        assert extension.url == VERIFICATION_URL
        [coding] = extension.valueCodeableConcept.coding
        # Gateway never traces a number with PDS, so it never claims "verified" (01).
        assert (coding.system, coding.code) == (VERIFICATION_SYSTEM, "02")
        assert coding.display == "Number present but not traced"

    def test_names_gender_birth_date_and_address_with_use_and_type(
        self, api_client, practice, person
    ):
        client, _ = api_client(practice)
        patient = parsed(client.get(f"/fhir/Patient/{person.public_id}"), Patient)
        official, usual = patient.name
        assert (official.use, official.family, official.given, official.prefix) == (
            "official",
            "Rivers",
            ["Jordan"],
            ["Ms"],
        )
        assert (usual.use, usual.family, usual.given) == ("usual", "Rivers", ["Jo"])
        assert patient.gender == "female"
        assert patient.birthDate == datetime.date(1985, 3, 14)
        [address] = patient.address
        assert (address.use, address.type) == ("home", "both")
        assert (address.line, address.city, address.postalCode) == (
            ["1 Test Street"],
            "Brighton",
            "BN1 1AA",
        )
        assert patient.deceasedBoolean is None and patient.deceasedDateTime is None

    def test_addresses_say_which_reach_the_person_by_post_and_ended_ones_are_old(
        self, api_client, practice
    ):
        client, _ = api_client(practice)
        person = PatientFactory(created_by_organisation=practice)
        partner = PartnerFactory(name="Hove Probation")
        AddressFactory(
            patient=person, kind=Address.Kind.HOME, is_current=False, line_1="2 Old Road"
        )
        AddressFactory(
            patient=person,
            kind=Address.Kind.CARE_OF,
            care_of_organisation=partner,
            line_1="1 Edward Street",
        )
        patient = parsed(client.get(f"/fhir/Patient/{person.public_id}"), Patient)
        current, old = patient.address
        assert (current.use, current.type) == ("temp", "postal")
        assert current.line == ["Care of Hove Probation", "1 Edward Street"]
        assert (old.use, old.line) == ("old", ["2 Old Road"])

    def test_no_fixed_abode_is_a_physical_address_only(self, api_client, practice):
        client, _ = api_client(practice)
        person = PatientFactory(created_by_organisation=practice)
        AddressFactory(
            patient=person, kind=Address.Kind.NO_FIXED_ABODE, line_1="", postcode="", town="Hove"
        )
        [address] = parsed(client.get(f"/fhir/Patient/{person.public_id}"), Patient).address
        assert (address.use, address.type, address.text, address.city) == (
            "temp",
            "physical",
            "No fixed abode",
            "Hove",
        )
        assert address.line is None and address.postalCode is None

    def test_an_estimated_date_of_birth_gives_the_year_only(self, api_client, practice):
        client, _ = api_client(practice)
        person = PatientFactory(
            created_by_organisation=practice,
            date_of_birth=datetime.date(1990, 1, 1),
            date_of_birth_is_estimated=True,
        )
        response = client.get(f"/fhir/Patient/{person.public_id}")
        assert response.json()["birthDate"] == "1990"
        parsed(response, Patient)

    def test_no_nhs_number_means_no_identifier_and_unknown_sex_is_unknown_gender(
        self, api_client, practice
    ):
        client, _ = api_client(practice)
        person = PatientFactory(
            created_by_organisation=practice,
            nhs_number="",
            nhs_number_unknown_reason="never_registered",
            sex="not_said",
        )
        patient = parsed(client.get(f"/fhir/Patient/{person.public_id}"), Patient)
        assert patient.identifier is None
        assert patient.gender == "unknown"

    def test_each_read_is_audited_as_a_view_by_the_tokens_account(
        self, api_client, practice, person
    ):
        client, token = api_client(practice)
        client.get(f"/fhir/Patient/{person.public_id}")
        event = AuditEvent.objects.get(action="view")
        assert (event.actor, event.organisation, event.patient_id) == (
            token.user,
            practice,
            person.pk,
        )
        assert event.detail == {"page": "fhir Patient"}

    def test_another_organisations_person_is_not_found_exactly_like_nobody(
        self, api_client, person
    ):
        client, _ = api_client(PracticeFactory())
        hidden = client.get(f"/fhir/Patient/{person.public_id}")
        missing = client.get("/fhir/Patient/6f0c1c2e-4d43-4bd4-9a39-5a3f8a8c9d10")
        assert problem(hidden, 404, "not-found") == problem(missing, 404, "not-found")
        assert problem(client.get("/fhir/Patient/not-a-uuid"), 404, "not-found")
        # No record was viewed; each refusal is on the trail, the hidden one looking exactly
        # like the missing one (gateway/audit/middleware.py).
        assert not AuditEvent.objects.filter(action="view").exists()
        refused = AuditEvent.objects.filter(action="refused").order_by("id")
        assert [(e.patient_id, e.object_id, e.detail) for e in refused] == [
            (None, str(person.public_id), {"refused": 404, "page": "fhir:read"}),
            (None, "6f0c1c2e-4d43-4bd4-9a39-5a3f8a8c9d10", {"refused": 404, "page": "fhir:read"}),
            (None, "not a public id", {"refused": 404, "page": "fhir:read"}),
        ]

    def test_a_role_that_may_not_view_people_is_forbidden(self, api_client, practice, person):
        client, _ = api_client(practice, role=Role.ORGANISATION_ADMIN)
        problem(client.get(f"/fhir/Patient/{person.public_id}"), 403, "forbidden")


class TestSearch:
    def test_search_by_nhs_number_finds_the_person(self, api_client, practice, person):
        client, _ = api_client(practice)
        found = bundle(client.get("/fhir/Patient", identifier_search(person.nhs_number)))
        assert found.total == 1
        [patient] = matches(found, Patient)
        assert patient.id == str(person.public_id)
        assert found.entry[0].fullUrl == f"http://testserver/fhir/Patient/{person.public_id}"
        assert AuditEvent.objects.filter(action="view", patient_id=person.pk).count() == 1

    def test_another_organisation_finds_no_one(self, api_client, person):
        client, _ = api_client(PracticeFactory())
        found = bundle(client.get("/fhir/Patient", identifier_search(person.nhs_number)))
        assert found.total == 0
        assert found.entry is None

    def test_search_by_post_keeps_the_nhs_number_out_of_every_url(
        self, api_client, practice, person
    ):
        client, _ = api_client(practice)
        response = client.post("/fhir/Patient/_search", identifier_search(person.nhs_number))
        found = bundle(response)
        assert found.total == 1
        assert [link.relation for link in found.link] == ["self"]
        assert person.nhs_number not in response.content.decode().replace(
            f'"value":"{person.nhs_number}"', ""
        )

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({}, "invalid"),
            ({"identifier": "9990000018"}, "not-supported"),
            ({"identifier": "https://example.org/other|9990000018"}, "not-supported"),
            ({"identifier": f"{NHS_NUMBER_SYSTEM}|1234567890"}, "invalid"),
            ({"name": "Rivers"}, "not-supported"),
            ({"identifier:exact": f"{NHS_NUMBER_SYSTEM}|9990000018"}, "not-supported"),
            ({"_count": "many", "identifier": f"{NHS_NUMBER_SYSTEM}|9990000018"}, "invalid"),
            ({"_format": "xml", "identifier": f"{NHS_NUMBER_SYSTEM}|9990000018"}, "not-supported"),
        ],
    )
    def test_what_gateway_cannot_answer_is_an_operation_outcome(
        self, api_client, practice, params, code
    ):
        client, _ = api_client(practice)
        assert problem(client.get("/fhir/Patient", params), 400, code)

    def test_a_parameter_given_twice_is_refused(self, api_client, practice):
        client, _ = api_client(practice)
        nhs = test_nhs_number()
        value = f"{NHS_NUMBER_SYSTEM}|{nhs}"
        url = f"/fhir/Patient?identifier={value}&identifier={value}"
        assert "once" in problem(client.get(url), 400, "invalid")
