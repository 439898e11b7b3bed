"""Who may open which patient page (issue 2 item 8): every patients URL × every role, with a
related patient, an unrelated patient, and no sign-in. Fails closed."""

import pytest
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.patients import urls as patient_urls
from tests.factories import (
    CommissionerFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

pytestmark = pytest.mark.django_db


def _results(client, patient):
    searched = client.post(reverse("patients:search"), {"name": patient.given_name})
    if searched.status_code == 302 and "/results/" in searched["Location"]:
        return client.get(searched["Location"])
    return client.get(reverse("patients:results", args=["any-token"]))


def _check(client, patient):
    return client.get(reverse("patients:create-check", args=["any-token"]))


# name -> (URL name it covers, request, status when allowed and related)
CASES = {
    "search": ("patients:search", lambda c, p: c.get(reverse("patients:search")), 200),
    "search (post)": (
        "patients:search",
        lambda c, p: c.post(reverse("patients:search"), {"name": p.given_name}),
        302,
    ),
    "results": ("patients:results", _results, 200),
    "create": ("patients:create", lambda c, p: c.get(reverse("patients:create")), 200),
    "create (post)": ("patients:create", lambda c, p: c.post(reverse("patients:create"), {}), 200),
    "create check": ("patients:create-check", _check, 302),
    "detail": (
        "patients:detail",
        lambda c, p: c.get(reverse("patients:detail", args=[p.public_id])),
        200,
    ),
    "edit": (
        "patients:edit",
        lambda c, p: c.get(reverse("patients:edit", args=[p.public_id])),
        200,
    ),
    "edit (post)": (
        "patients:edit",
        lambda c, p: c.post(reverse("patients:edit", args=[p.public_id]), {}),
        200,
    ),
}
VIEW_ONLY = {"search", "search (post)", "results", "detail"}
PATIENT_PAGES = {"detail", "edit", "edit (post)"}

ORGANISATION_FOR_ROLE = {
    Role.COMMISSIONER: CommissionerFactory,
    Role.PRACTICE_STAFF: PracticeFactory,
    Role.SAS_PRACTICE_STAFF: SasPracticeFactory,
    Role.SUPPORT_WORKER: PartnerFactory,
    Role.PANEL_MEMBER: CommissionerFactory,
    Role.ORGANISATION_ADMIN: PracticeFactory,
    Role.AUDITOR: CommissionerFactory,
}
WORK_WITH_PATIENTS = {
    Role.COMMISSIONER,
    Role.PRACTICE_STAFF,
    Role.SAS_PRACTICE_STAFF,
    Role.SUPPORT_WORKER,
}


def expected(role, case):
    _, _, allowed_status = CASES[case]
    if role in WORK_WITH_PATIENTS:
        return allowed_status
    if role == Role.PANEL_MEMBER and case in VIEW_ONLY:
        return allowed_status
    return 403  # auditor, organisation admin; panel members cannot add or change


def test_matrix_covers_every_patients_url():
    named = {f"patients:{p.name}" for p in patient_urls.urlpatterns}
    assert named == {url_name for url_name, _, _ in CASES.values()}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("role", list(ORGANISATION_FOR_ROLE))
def test_role_with_related_patient(staff_client, role, case):
    client, _, organisation = staff_client(role, ORGANISATION_FOR_ROLE[role]())
    patient = PatientFactory(related_to=[organisation])
    assert CASES[case][1](client, patient).status_code == expected(role, case)


@pytest.mark.parametrize("case", sorted(PATIENT_PAGES))
@pytest.mark.parametrize("role", sorted(WORK_WITH_PATIENTS))
def test_role_with_unrelated_patient_gets_not_found(staff_client, role, case):
    client, _, _ = staff_client(role, ORGANISATION_FOR_ROLE[role]())
    patient = PatientFactory()  # related only to the practice that created them
    assert CASES[case][1](client, patient).status_code == 404


@pytest.mark.parametrize("case", sorted(PATIENT_PAGES))
def test_panel_member_with_unrelated_patient_sees_nothing(staff_client, case):
    client, _, _ = staff_client(Role.PANEL_MEMBER, CommissionerFactory())
    patient = PatientFactory()
    assert CASES[case][1](client, patient).status_code in {403, 404}


@pytest.mark.parametrize("case", CASES)
def test_anonymous_is_sent_to_sign_in(client, case):
    patient = PatientFactory()
    response = CASES[case][1](client, patient)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
