"""A 403 or 404 on a person-linked URL is on the audit trail, on pages, on /api/v1 and on
/fhir/ alike (issue 16 item 5; gateway/audit/middleware.py), and no NHS number ever reaches
the row."""

import pytest

from gateway.accounts.models import Role
from gateway.audit.middleware import NOT_AN_ID
from gateway.audit.models import AuditEvent
from tests.factories import PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def refusals():
    return list(
        AuditEvent.objects.filter(action="refused", detail__has_key="refused").order_by("id")
    )


def test_api_not_found_for_a_hidden_person_is_audited(api_client):
    practice = PracticeFactory()
    client, token = api_client(practice)
    hidden = PatientFactory()
    assert client.get(f"/api/v1/patients/{hidden.public_id}").status_code == 404
    assert client.get(f"/api/v1/sas/episodes/{hidden.public_id}").status_code == 404
    rows = refusals()
    assert [(r.detail["refused"], r.object_id) for r in rows] == [
        (404, str(hidden.public_id)),
        (404, str(hidden.public_id)),
    ]
    assert {r.actor_id for r in rows} == {token.user_id}
    assert {r.organisation_id for r in rows} == {practice.pk}
    assert all(r.detail["page"].startswith("api:") for r in rows)


def test_api_forbidden_is_audited(api_client):
    practice = PracticeFactory()
    client, token = api_client(practice, role=Role.ORGANISATION_ADMIN)
    patient = PatientFactory(related_to=[practice])
    assert client.get(f"/api/v1/patients/{patient.public_id}").status_code == 403
    [row] = refusals()
    assert (row.detail["refused"], row.object_id, row.actor_id) == (
        403,
        str(patient.public_id),
        token.user_id,
    )


def test_fhir_read_refused_is_audited(api_client):
    practice = PracticeFactory()
    client, token = api_client(practice)
    hidden = PatientFactory()
    assert client.get(f"/fhir/Patient/{hidden.public_id}").status_code == 404
    [row] = refusals()
    assert (row.detail, row.object_id, row.actor_id) == (
        {"refused": 404, "page": "fhir:read"},
        str(hidden.public_id),
        token.user_id,
    )


def test_an_nhs_number_asked_for_in_place_of_an_id_never_reaches_the_row(api_client, caplog):
    """Someone trying NHS numbers as FHIR ids is on the trail, without the numbers."""
    practice = PracticeFactory()
    client, _ = api_client(practice)
    hidden = PatientFactory()
    assert client.get(f"/fhir/Patient/{hidden.nhs_number}").status_code == 404
    [row] = refusals()
    assert row.object_id == NOT_AN_ID
    assert hidden.nhs_number not in str(row.detail)
    assert hidden.nhs_number not in caplog.text


def test_fhir_organisation_refusal_is_not_about_a_person(api_client):
    client, _ = api_client(PracticeFactory())
    assert client.get("/fhir/Organization/not-there").status_code == 404
    assert refusals() == []


def test_refusal_without_a_token_writes_nothing(client):
    hidden = PatientFactory()
    assert client.get(f"/api/v1/patients/{hidden.public_id}").status_code == 401
    assert refusals() == []
