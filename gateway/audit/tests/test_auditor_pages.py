"""Auditors can see what their organisation's staff did and who looked at a person's record;
nobody else can, and looking is itself recorded."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.audit.models import AuditEvent
from tests.factories import MembershipFactory, PatientFactory, PracticeFactory, UserFactory

NEW_YEAR_AFTERNOON = datetime.datetime(2026, 1, 1, 15, 15, tzinfo=datetime.UTC)
MIDSUMMER_EVENING = datetime.datetime(2026, 6, 21, 20, 5, tzinfo=datetime.UTC)  # 9:05pm BST


@pytest.fixture
def auditor(staff_client):
    return staff_client(Role.AUDITOR)


# Signing in, the current organisation and the session take 4 queries; the trail adds its
# form's staff and organisations, a count, one page of rows, the names of the people (staff,
# organisations) the rows are about and the audit row for the visit; the access log the
# person, a count, the rows and the audit row. 10 either, on SQLite and PostgreSQL.
QUERY_LIMIT = 10


def shown_in(page, prefix):
    return re.findall(rf"{prefix} \d+", page)


def staff_at(organisation, name):
    return MembershipFactory(organisation=organisation, user__full_name=name).user


def access_log_url(patient):
    return reverse("audit:patient-access", kwargs={"public_id": patient.public_id})


def write(action, user, organisation, patient=None, **kwargs):
    return audit.record(
        action,
        actor=user,
        organisation=organisation,
        obj=patient,
        patient=patient,
        **kwargs,
    )


# Who may see the pages


NOT_AUDITORS = [role for role in Role.values if role != Role.AUDITOR]


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_AUDITORS)
def test_staff_who_are_not_auditors_cannot_see_the_audit_trail(staff_client, role):
    client, _, organisation = staff_client(role)
    patient = PatientFactory(created_by_organisation=organisation)
    assert client.get(reverse("audit:events")).status_code == 403
    assert client.get(access_log_url(patient)).status_code == 403


@pytest.mark.django_db
def test_people_who_have_not_signed_in_are_sent_to_sign_in(client):
    patient = PatientFactory()
    for url in [reverse("audit:events"), access_log_url(patient)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_auditor_role_at_another_organisation_does_not_count(client):
    membership = MembershipFactory(role=Role.PRACTICE_STAFF)
    MembershipFactory(user=membership.user, role=Role.AUDITOR)
    sign_in(client, membership.user, membership.organisation)
    assert client.get(reverse("audit:events")).status_code == 403


# Recent events for the auditor's organisation


@pytest.mark.django_db
def test_auditor_sees_their_own_organisations_events_and_no_one_elses(auditor):
    client, _, organisation = auditor
    colleague = staff_at(organisation, "Priya Colleague")
    outsider_org = PracticeFactory()
    outsider = staff_at(outsider_org, "Olu Outsider")
    patient = PatientFactory(created_by_organisation=organisation)
    write("update", colleague, organisation, patient, changed_fields=["family_name"])
    write("sign_in", outsider, outsider_org)

    response = client.get(reverse("audit:events"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Priya Colleague" in page
    assert "Family name" in page
    assert "Olu Outsider" not in page
    assert access_log_url(patient) in page


@pytest.mark.django_db
def test_events_page_uses_the_same_number_of_queries_however_many_events(
    auditor, django_assert_max_num_queries
):
    client, _, organisation = auditor
    patients = PatientFactory.create_batch(3, created_by_organisation=organisation)
    for n in range(60):
        user = staff_at(organisation, f"Person {n}") if n % 10 == 0 else None
        write("view", user, organisation, patients[n % 3])
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(reverse("audit:events"))
    assert response.content.decode().count('<tr class="nhsuk-table__row"') == 1 + 25


@pytest.mark.django_db
def test_looking_at_the_audit_trail_is_itself_recorded(auditor):
    client, user, organisation = auditor
    client.get(reverse("audit:events"), {"action": "view"})
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.actor, event.organisation, event.action) == (user, organisation, "view")
    assert event.detail["page"] == "audit events"
    assert audit.verify_chain() is None


# Who looked at this record


@pytest.mark.django_db
def test_access_log_lists_who_viewed_or_changed_the_record_at_every_organisation(auditor):
    client, _, organisation = auditor
    other_org = PracticeFactory(name="Seaview Surgery")
    patient = PatientFactory(created_by_organisation=organisation, related_to=[other_org])
    with time_machine.travel(NEW_YEAR_AFTERNOON, tick=False):
        write("view", staff_at(organisation, "Vera Viewer"), organisation, patient)
    with time_machine.travel(MIDSUMMER_EVENING, tick=False):
        write(
            "update",
            staff_at(other_org, "Chen Changer"),
            other_org,
            patient,
            changed_fields=["date_of_birth", "family_name"],
        )
    write("view", staff_at(organisation, "Not This One"), organisation, PatientFactory())

    response = client.get(access_log_url(patient))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vera Viewer" in page
    assert "1 January 2026 at 3:15pm" in page
    assert "Chen Changer" in page
    assert "Seaview Surgery" in page
    assert "21 June 2026 at 9:05pm" in page
    assert "Date of birth, family name" in page
    assert "Updated" in page
    assert "Not This One" not in page


@pytest.mark.django_db
def test_access_log_of_a_patient_the_organisation_has_no_link_with_is_not_found(auditor):
    client, _, _ = auditor
    stranger = PatientFactory()
    write("view", UserFactory(), stranger.created_by_organisation, stranger)
    assert client.get(access_log_url(stranger)).status_code == 404
    assert client.get(reverse("audit:patient-access", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.django_db
def test_looking_at_the_access_log_is_recorded_against_the_patient(auditor):
    client, user, organisation = auditor
    patient = PatientFactory(created_by_organisation=organisation)

    client.get(access_log_url(patient))

    event = AuditEvent.objects.filter(patient_id=patient.pk).get()
    assert (event.actor, event.organisation, event.action) == (user, organisation, "view")
    assert event.detail == {"page": "access log"}
    # The next look shows the previous one.
    assert "Viewed the access log" in client.get(access_log_url(patient)).content.decode()


@pytest.mark.django_db
def test_access_log_is_paginated_with_a_bounded_number_of_queries(
    auditor, django_assert_max_num_queries
):
    client, _, organisation = auditor
    patient = PatientFactory(created_by_organisation=organisation)
    organisations = [organisation, *PracticeFactory.create_batch(4)]
    for n in range(55):
        org = organisations[n % 5]
        write("view", staff_at(org, f"Person {n}"), org, patient)

    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(access_log_url(patient), {"page": 3})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Showing 51 to 55 of 55 entries" in page
    assert shown_in(page, "Person") == [f"Person {n}" for n in range(4, -1, -1)]


# The Django admin


@pytest.fixture
def admin_client_with_mfa(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    return sign_in(client, user)


@pytest.mark.django_db
def test_admin_shows_audit_rows_but_cannot_add_change_or_delete_them(admin_client_with_mfa):
    client = admin_client_with_mfa
    organisation = PracticeFactory()
    event = write("sign_in", staff_at(organisation, "Ada Admin-Visible"), organisation)

    changelist = client.get(reverse("admin:audit_auditevent_changelist"))
    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert changelist.status_code == 200
    assert "Ada Admin-Visible" in changelist.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    posted = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"actor_name": "Nobody"}
    )
    assert posted.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "Ada Admin-Visible"
