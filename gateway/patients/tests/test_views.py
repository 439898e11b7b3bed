"""The patient pages as staff use them."""

import datetime

import pytest
from django.urls import reverse

from gateway.audit.models import AuditEvent
from gateway.patients.models import Patient
from tests.factories import AddressFactory, PatientFactory

from .helpers import patient_form_data

pytestmark = pytest.mark.django_db


class TestSearch:
    def test_search_never_puts_what_was_searched_for_in_the_url(self, staff_client):
        client, _, organisation = staff_client("support_worker")
        patient = PatientFactory(
            created_by_organisation=organisation,
            given_name="Morgan",
            family_name="Quill",
            date_of_birth=datetime.date(1979, 11, 23),
        )
        response = client.post(
            reverse("patients:search"),
            {
                "nhs_number": patient.nhs_number,
                "name": "Morgan Quill",
                "date_of_birth_day": "23",
                "date_of_birth_month": "11",
                "date_of_birth_year": "1979",
            },
        )
        assert response.status_code == 302
        location = response["Location"]
        assert location.startswith("/patients/results/")
        for secret in (patient.nhs_number, patient.nhs_number[:3], "Morgan", "Quill", "1979"):
            assert secret.lower() not in location.lower()

        results = client.get(location)
        page = results.content.decode()
        assert "Quill, Morgan" in page
        assert (
            " ".join((patient.nhs_number[:3], patient.nhs_number[3:6], patient.nhs_number[6:]))
            in page
        )
        assert "23 November 1979" in page
        assert reverse("patients:detail", args=[patient.public_id]) in page

    def test_search_criteria_stay_on_the_server(self, settings):
        # The criteria (maybe an NHS number) wait in the session, so it must not be a cookie.
        assert "signed_cookies" not in settings.SESSION_ENGINE

    def test_search_finds_only_patients_the_organisation_works_with(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        PatientFactory(created_by_organisation=organisation, given_name="Ash", family_name="Lee")
        PatientFactory(given_name="Ash", family_name="Leeds")  # another practice's patient
        response = client.post(reverse("patients:search"), {"name": "ash"}, follow=True)
        page = response.content.decode()
        assert "Lee, Ash" in page
        assert "Leeds" not in page

    def test_search_by_nhs_number_typed_with_spaces(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        patient = PatientFactory(created_by_organisation=organisation)
        spaced = f"{patient.nhs_number[:3]} {patient.nhs_number[3:6]} {patient.nhs_number[6:]}"
        response = client.post(reverse("patients:search"), {"nhs_number": spaced}, follow=True)
        assert patient.family_name in response.content.decode()

    def test_empty_search_says_what_to_enter(self, staff_client):
        client, _, _ = staff_client("practice_staff")
        response = client.post(reverse("patients:search"), {})
        assert "Enter an NHS number, a name or a date of birth" in response.content.decode()

    def test_a_results_link_from_another_session_shows_nothing(self, staff_client, client):
        response = staff_client("practice_staff")[0].get(
            reverse("patients:results", args=["made-up-token"])
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("patients:search")

    def test_results_use_a_bounded_number_of_queries(
        self, staff_client, django_assert_max_num_queries
    ):
        client, _, organisation = staff_client("practice_staff")
        for _ in range(30):
            PatientFactory(created_by_organisation=organisation, family_name="Many")
        location = client.post(reverse("patients:search"), {"name": "many"})["Location"]
        with django_assert_max_num_queries(12):
            first = client.get(location)
        assert first.content.decode().count("Many, ") == 25
        for _ in range(30):
            PatientFactory(created_by_organisation=organisation, family_name="Many")
        with django_assert_max_num_queries(12):
            third = client.get(f"{location}?page=3")
        assert third.content.decode().count("Many, ") == 10

    def test_patient_list_uses_a_bounded_number_of_queries(
        self, staff_client, django_assert_max_num_queries
    ):
        client, _, organisation = staff_client("practice_staff")
        for _ in range(60):
            PatientFactory(created_by_organisation=organisation)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("patients:search"))
        page = response.content.decode()
        assert 'href="?page=2"' in page  # the link to the next page
        assert "60 patients, showing 1 to 25" in page


class TestAddPatient:
    def test_adding_a_patient_opens_their_record_with_a_success_message(self, staff_client):
        client, _, organisation = staff_client("sas_practice_staff")
        response = client.post(
            reverse("patients:create"), patient_form_data(given_name="Rowan"), follow=True
        )
        patient = Patient.objects.get()
        assert response.redirect_chain[-1][0] == reverse(
            "patients:detail", args=[patient.public_id]
        )
        page = response.content.decode()
        assert "The patient has been added to Gateway" in page
        assert "Rowan Rivers" in page
        assert patient.created_by_organisation == organisation

    def test_same_name_and_date_of_birth_asks_before_adding_a_second_record(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        existing = PatientFactory(
            created_by_organisation=organisation,
            given_name="Jordan",
            family_name="Rivers",
            date_of_birth=datetime.date(1985, 3, 14),
        )
        response = client.post(reverse("patients:create"), patient_form_data())
        check_url = response["Location"]
        assert check_url.startswith("/patients/new/check/")
        page = client.get(check_url).content.decode()
        assert "This person may already be on Gateway" in page
        assert reverse("patients:detail", args=[existing.public_id]) in page
        assert "Create a new record anyway" in page
        assert Patient.objects.count() == 1

        created = client.post(check_url, follow=True)
        assert Patient.objects.count() == 2
        assert "has been added to Gateway" in created.content.decode()

    def test_same_nhs_number_offers_no_way_to_add_a_second_record(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        existing = PatientFactory(created_by_organisation=organisation)
        response = client.post(
            reverse("patients:create"), patient_form_data(nhs_number=existing.nhs_number)
        )
        page = client.get(response["Location"]).content.decode()
        assert reverse("patients:detail", args=[existing.public_id]) in page
        assert "Create a new record anyway" not in page
        client.post(response["Location"])
        assert Patient.objects.count() == 1

    def test_nhs_number_known_only_elsewhere_is_never_described(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        hidden = PatientFactory(given_name="Secret", family_name="Person")
        response = client.post(
            reverse("patients:create"), patient_form_data(nhs_number=hidden.nhs_number)
        )
        page = response.content.decode()  # ADR 0035: sent to the commissioner, nothing said
        assert "Sent to your commissioner" in page
        assert "not linked" not in page and "already on Gateway" not in page
        assert "Secret" not in page and str(hidden.public_id) not in page
        assert "Create a new record anyway" not in page


class TestRecord:
    def test_record_shows_the_details_and_is_audited(self, staff_client):
        client, user, organisation = staff_client("commissioner")
        patient = PatientFactory(
            created_by_organisation=organisation,
            nhs_number="",
            nhs_number_unknown_reason="never_registered",
            date_of_birth_is_estimated=True,
            needs_interpreter=True,
            interpreter_language="Tigrinya",
            needs_easy_read=True,
        )
        AddressFactory(patient=patient, kind="no_fixed_abode", line_1="", postcode="")
        response = client.get(reverse("patients:detail", args=[patient.public_id]))
        page = response.content.decode()
        assert "Not known — Never registered with a GP in England" in page
        assert "14 March 1985 (estimated)" in page
        assert "Spoken language interpreter: Tigrinya" in page
        assert "Easy read" in page
        assert "No fixed abode" in page
        event = AuditEvent.objects.get(action="view")
        assert (event.actor, event.patient_id) == (user, patient.pk)

    def test_unrelated_organisation_gets_not_found(self, staff_client):
        client, _, _ = staff_client("practice_staff")
        patient = PatientFactory()
        for name in ("patients:detail", "patients:edit"):
            assert client.get(reverse(name, args=[patient.public_id])).status_code == 404
        # No record was viewed; each refusal is on the trail (gateway/audit/middleware.py).
        assert not AuditEvent.objects.filter(action="view").exists()
        views = AuditEvent.objects.filter(action="refused")
        assert [event.detail for event in views.order_by("id")] == [
            {"refused": 404, "page": "patients:detail"},
            {"refused": 404, "page": "patients:edit"},
        ]
        assert {event.object_id for event in views} == {str(patient.public_id)}

    def test_ended_relationship_gets_not_found(self, staff_client):
        client, _, organisation = staff_client("support_worker")
        patient = PatientFactory(related_to=[organisation])
        patient.relationships.filter(organisation=organisation).update(is_active=False)
        assert client.get(reverse("patients:detail", args=[patient.public_id])).status_code == 404


class TestChangeDetails:
    def test_changes_are_saved(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        client.post(reverse("patients:create"), patient_form_data())
        patient = Patient.objects.get()
        form = client.get(reverse("patients:edit", args=[patient.public_id]))
        assert 'name="version" value="1"' in form.content.decode()
        response = client.post(
            reverse("patients:edit", args=[patient.public_id]),
            patient_form_data(nhs_number=patient.nhs_number, pronouns="they/them", version="1"),
            follow=True,
        )
        assert "The patient&#39;s details have been updated" in response.content.decode()
        patient.refresh_from_db()
        assert (patient.pronouns, patient.version) == ("they/them", 2)

    def test_someone_elses_save_is_shown_and_nothing_is_overwritten(self, staff_client):
        client, _, organisation = staff_client("practice_staff")
        client.post(reverse("patients:create"), patient_form_data())
        patient = Patient.objects.get()
        url = reverse("patients:edit", args=[patient.public_id])
        # Someone else saves first, from the same version.
        client.post(
            url, patient_form_data(nhs_number=patient.nhs_number, pronouns="she/her", version="1")
        )
        response = client.post(
            url, patient_form_data(nhs_number=patient.nhs_number, pronouns="he/him", version="1")
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert (
            "Someone else changed this record while you were editing it. Their changes are "
            "shown below; check and save again." in page
        )
        assert "she/her" in page  # their saved version
        assert 'value="he/him"' in page  # what this person typed, kept
        assert 'name="version" value="2"' in page  # saving again goes over what was shown
        patient.refresh_from_db()
        assert (patient.pronouns, patient.version) == ("she/her", 2)
