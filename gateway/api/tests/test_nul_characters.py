"""Text with a NUL character (\\u0000) in it is refused by the API with a 422 naming the field,
and nothing is stored: PostgreSQL cannot store the character, and before this check a
request carrying one (schemathesis found it in a review decision's reasons) failed with a
500 part-way through the service. Django's forms refuse it on the pages already
(ProhibitNullCharactersValidator)."""

import pytest
from pydantic import ValidationError

from gateway.api.schemas import NUL_CHARACTER, In
from gateway.api.tests.test_patients_api import URL, body
from gateway.patients.models import Patient
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def every_input():
    found, waiting = [], list(In.__subclasses__())
    while waiting:
        schema = waiting.pop()
        found.append(schema)
        waiting.extend(schema.__subclasses__())
    return found


def text_fields(schema):
    return [
        name for name, field in schema.model_fields.items() if field.annotation in (str, list[str])
    ]


def test_every_input_refuses_a_nul_character_in_each_text_field_and_says_so():
    import gateway.api.v1  # noqa: F401  (every router's schemas)

    schemas = every_input()
    assert {s.__name__ for s in schemas} >= {
        "PatientIn",
        "AddressIn",
        "ReferralIn",
        "AnswerIn",
        "AppealIn",
        "RemovalReportIn",
        "ReviewDecisionIn",
    }
    for schema in schemas:
        for name in text_fields(schema):
            value = ["a\x00b"] if schema.model_fields[name].annotation == list[str] else "a\x00b"
            with pytest.raises(ValidationError) as refused:
                schema.model_validate({name: value})
            about = [e for e in refused.value.errors() if e["loc"][0] == name]
            assert [e["msg"] for e in about] == [NUL_CHARACTER], (schema.__name__, name)


def test_a_nul_character_in_a_new_persons_name_is_422_and_nothing_is_stored(api_client):
    client, _ = api_client(PracticeFactory())
    response = client.post(URL, body(given_name="Sam\x00"), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Check the details sent",
        "errors": {"given_name": [NUL_CHARACTER]},
    }
    assert not Patient.objects.exists()
    # The same text without it is stored.
    assert (
        client.post(URL, body(given_name="Sam"), content_type="application/json").status_code == 201
    )
