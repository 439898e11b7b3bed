"""The home page leads each person to work they may do: no link on it answers "you cannot
do this" for the person it is shown to."""

import pytest

from gateway.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ORGANISATION_ADMIN])
def test_find_a_patient_is_offered_only_to_roles_that_may_see_patients_records(staff_client, role):
    client, _, _ = staff_client(role)
    page = client.get("/").content.decode()
    assert "Find a patient" not in page
    assert client.get("/patients/").status_code == 403


@pytest.mark.parametrize(
    ("role", "may_add"),
    [
        (Role.PRACTICE_STAFF, True),
        (Role.COMMISSIONER, True),
        (Role.SUPPORT_WORKER, True),
        (Role.PANEL_MEMBER, False),
    ],
)
def test_roles_that_may_see_patients_records_are_offered_find_a_patient(
    staff_client, role, may_add
):
    client, _, _ = staff_client(role)
    page = client.get("/").content.decode()
    assert '<a href="/patients/">Find a patient</a>' in page
    assert client.get("/patients/").status_code == 200
    assert ("Add a patient" in page) is may_add
