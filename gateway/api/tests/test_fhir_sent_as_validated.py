"""What the FHIR API sends is what validated (ADR 0063): each resource's JSON is its R4B
model's own JSON, built from the rows as they are now. An Organization's validation is
remembered by its text, so these tests edit organisations behind the API's back and check
nothing stale or invalid is sent; fhir_helpers.parsed checks every body byte for byte."""

import json
import logging

import pytest
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient

from gateway.accounts.models import Organisation, Role
from gateway.api.fhir.common import Valid
from gateway.api.fhir.organisations import organisation_resource
from tests.factories import (
    CommissionerFactory,
    NationalFactory,
    PartnerFactory,
    PracticeFactory,
    SasPracticeFactory,
)

from .fhir_helpers import ODS_CODE_SYSTEM, bundle, parsed, problem

pytestmark = pytest.mark.django_db


def every_kind():
    """One organisation of each kind and shape the API serves."""
    icb = CommissionerFactory(address="1 Test Square\n\nBrighton", phone="0300 555 0100")
    return [
        icb,
        SasPracticeFactory(commissioner=icb, address="2 High St\nHove", phone="01273 000000"),
        PracticeFactory(commissioner=icb, ods_code="", postcode="", is_active=False),
        NationalFactory(address="Quarry House\nLeeds", postcode="LS2 7UE"),
        *(
            PartnerFactory(partner_type=kind, address="1 Secret Lane", phone="01273 111111")
            for kind in Organisation.PartnerType.values
        ),
        PartnerFactory(partner_type="", name='St Mary\'s "Café" \\ 😀 \x07 end\u2028'),
    ]


def as_built_and_validated(organisation):
    """The resource as the builder and the model make it from the row as it is now."""
    organisation = Organisation.objects.select_related("commissioner").get(pk=organisation.pk)
    model = Organization.model_validate(organisation_resource(organisation).data)
    return json.loads(model.model_dump_json(exclude_none=True))


def sent(client):
    found = bundle(client.get("/fhir/Organization", {"_count": 50}))
    return {entry.resource.id: entry.resource for entry in found.entry}


def test_every_kind_of_organisation_is_sent_as_built_and_validated_from_its_row(api_client):
    organisations = every_kind()
    client, _ = api_client(organisations[1], role=Role.SAS_PRACTICE_STAFF)
    listed = sent(client)
    for organisation in organisations:
        expected = as_built_and_validated(organisation)
        found = listed[str(organisation.public_id)]
        assert json.loads(found.model_dump_json(exclude_none=True)) == expected
        read = parsed(client.get(f"/fhir/Organization/{organisation.public_id}"), Organization)
        assert json.loads(read.model_dump_json(exclude_none=True)) == expected


def test_an_edited_organisation_is_sent_as_it_now_is(api_client):
    """Edits that skip save() (a bulk update, as an import might make) and an edit of the
    commissioner, whose name a practice's partOf shows."""
    practice = PracticeFactory(address="1 Old Road", phone="01273 000000")
    client, _ = api_client(PracticeFactory())
    before = sent(client)[str(practice.public_id)]
    assert before.name == practice.name and before.telecom[0].value == "01273 000000"
    Organisation.objects.filter(pk=practice.pk).update(
        name="Renamed Surgery", address="9 New Road\nHove", phone="", is_active=False
    )
    Organisation.objects.filter(pk=practice.commissioner_id).update(name="Renamed ICB")
    for found in (
        sent(client)[str(practice.public_id)],
        parsed(client.get(f"/fhir/Organization/{practice.public_id}"), Organization),
    ):
        assert (found.name, found.active, found.telecom) == ("Renamed Surgery", False, None)
        assert found.address[0].line == ["9 New Road", "Hove"]
        assert found.partOf.display == "Renamed ICB"
        assert json.loads(found.model_dump_json(exclude_none=True)) == as_built_and_validated(
            practice
        )


def test_an_organisation_that_no_longer_validates_is_never_sent(api_client, caplog):
    """Its earlier, valid text was remembered; the new one is validated, fails and is
    refused, on each request."""
    practice = PracticeFactory()
    client, _ = api_client(PracticeFactory())
    parsed(client.get(f"/fhir/Organization/{practice.public_id}"), Organization)
    # A name of a no-break space only: FHIR strings need a character other than whitespace.
    Organisation.objects.filter(pk=practice.pk).update(name="\u00a0")
    by_code = {"identifier": f"{ODS_CODE_SYSTEM}|{practice.ods_code}"}
    with caplog.at_level(logging.ERROR):
        for _ in range(2):
            problem(client.get(f"/fhir/Organization/{practice.public_id}"), 500, "exception")
            problem(client.get("/fhir/Organization", by_code), 500, "exception")
    logged = [r.getMessage() for r in caplog.records if r.name == "gateway.api.fhir"]
    assert logged == ["FHIR answer failed validation: Organization at name"] * 4


def count_validations(monkeypatch, model):
    calls = []
    original = model.model_validate_json

    def counted(text, *args, **kwargs):
        calls.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(model, "model_validate_json", counted)
    return calls


def test_only_reference_data_has_its_validation_remembered(monkeypatch):
    """An Organization's text is validated once a process; a Patient's (a person's data,
    never kept) every time it is built."""
    organisations = count_validations(monkeypatch, Organization)
    patients = count_validations(monkeypatch, Patient)
    organisation = {"resourceType": "Organization", "name": "Remembered Surgery 7f3a"}
    person = {"resourceType": "Patient", "gender": "unknown"}
    for _ in range(3):
        assert Valid(Organization, dict(organisation)).text == json.dumps(
            organisation, separators=(",", ":")
        )
        Valid(Patient, dict(person))
    assert len(organisations) == 1 and len(patients) == 3
    Valid(Organization, {**organisation, "name": "Another Surgery 7f3a"})
    assert len(organisations) == 2
