"""Who may open which patient page: every patients URL × every role, with a
related patient, an unrelated patient, and no sign-in. Fails closed."""

import datetime

import pytest
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.patients import urls as patient_urls
from gateway.patients.models import Consent, ContactRoute
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


def _route(patient):
    return ContactRoute.objects.create(patient=patient, kind="mobile", phone_number="07700900123")


def _consent(patient):
    return Consent.objects.create(
        patient=patient,
        purpose="share_information",
        organisation=patient.created_by_organisation,
        recorded_by_organisation=patient.created_by_organisation,
        starts_on=datetime.date(2026, 1, 1),
        method="verbal",
    )


def _on_route(name, method="get"):
    return lambda c, p: getattr(c, method)(reverse(name, args=[_route(p).public_id]))


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
    # A support worker's own clients.
    "caseload": ("patients:caseload", lambda c, p: c.get(reverse("patients:caseload")), 200),
    # How to contact the person and their consent.
    "add route": (
        "patients:contact-route-add",
        lambda c, p: c.get(reverse("patients:contact-route-add", args=[p.public_id])),
        200,
    ),
    "change route": ("patients:contact-route-edit", _on_route("patients:contact-route-edit"), 200),
    "end route": ("patients:contact-route-end", _on_route("patients:contact-route-end"), 200),
    # Posted without the version the user saw: refused with a message, back to the record.
    "move route": (
        "patients:contact-route-move",
        _on_route("patients:contact-route-move", "post"),
        302,
    ),
    "confirm route": (
        "patients:contact-route-confirm",
        _on_route("patients:contact-route-confirm", "post"),
        302,
    ),
    "check route": (
        "patients:contact-route-review",
        _on_route("patients:contact-route-review"),
        200,
    ),
    "record consent": (
        "patients:consent-add",
        lambda c, p: c.get(reverse("patients:consent-add", args=[p.public_id])),
        200,
    ),
    "withdraw consent": (
        "patients:consent-withdraw",
        lambda c, p: c.get(reverse("patients:consent-withdraw", args=[_consent(p).public_id])),
        200,
    ),
}
VIEW_ONLY = {"search", "search (post)", "results", "detail"}
CONTACT_PAGES = {
    "add route",
    "change route",
    "end route",
    "move route",
    "confirm route",
    "check route",
    "record consent",
    "withdraw consent",
}
PATIENT_PAGES = {"detail", "edit", "edit (post)", *CONTACT_PAGES}

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


SUPPORT_WORKERS_ONLY = {"caseload"}


def expected(role, case):
    _, _, allowed_status = CASES[case]
    if case in SUPPORT_WORKERS_ONLY:
        return allowed_status if role == Role.SUPPORT_WORKER else 403
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
