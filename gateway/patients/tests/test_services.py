"""Adding and changing patients through the service layer: duplicates, audit, concurrency."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients import services
from gateway.patients.forms import PatientChangeForm, PatientForm
from gateway.patients.models import Address, Patient, PatientRelationship
from tests.factories import MembershipFactory, PatientFactory, PracticeFactory

from .helpers import patient_form_data

pytestmark = pytest.mark.django_db


def cleaned(**overrides):
    form = PatientForm(patient_form_data(**overrides))
    assert form.is_valid(), form.errors
    return form.cleaned_data


def member(role=Role.PRACTICE_STAFF, organisation=None):
    membership = MembershipFactory(role=role, organisation=organisation or PracticeFactory())
    return membership.user, membership.organisation


class TestCreatePatient:
    def test_writes_patient_address_relationship_and_audit_together(self):
        user, organisation = member()
        patient = services.create_patient(
            user, organisation, cleaned(given_name="Jordan", family_name="Rivers")
        )
        assert patient.search_given_name == "jordan"
        assert patient.search_family_name == "rivers"
        address = Address.objects.get(patient=patient)
        assert (address.kind, address.postcode, address.is_current) == ("home", "BN1 1AA", True)
        assert PatientRelationship.objects.filter(
            patient=patient, organisation=organisation, kind="created", is_active=True
        ).exists()
        event = AuditEvent.objects.get(action="create", patient_id=patient.pk)
        assert (event.actor, event.organisation) == (user, organisation)

    def test_roles_without_permission_cannot_add(self):
        user, organisation = member(Role.AUDITOR)
        with pytest.raises(PermissionDenied):
            services.create_patient(user, organisation, cleaned())
        assert not Patient.objects.exists()


class TestDuplicates:
    def test_same_nhs_number_in_own_organisation_offers_the_record_and_no_way_round(self):
        user, organisation = member()
        existing = PatientFactory(created_by_organisation=organisation)
        with pytest.raises(services.DuplicatePatient) as caught:
            services.create_patient(
                user,
                organisation,
                cleaned(nhs_number=existing.nhs_number),
                confirmed_not_duplicate=True,
            )
        check = caught.value.check
        assert check.visible == [existing]
        assert check.nhs_number_match and not check.can_create_anyway
        assert Patient.objects.count() == 1

    def test_same_nhs_number_elsewhere_goes_to_the_commissioner_saying_nothing(self):
        """ADR 0035: the service routes a link request and raises LinkRequested, whose
        words are the same whoever the number belongs to."""
        from gateway.patients.models import LinkRequest

        user, organisation = member()
        PatientFactory()  # another practice's patient
        hidden = PatientFactory()
        with pytest.raises(services.LinkRequested):
            services.create_patient(user, organisation, cleaned(nhs_number=hidden.nhs_number))
        assert LinkRequest.objects.get().patient == hidden

    def test_same_name_and_date_of_birth_is_flagged_then_can_be_confirmed_different(self):
        user, organisation = member()
        existing = PatientFactory(
            created_by_organisation=organisation,
            given_name="Jordan",
            family_name="Rivers",
            date_of_birth=datetime.date(1985, 3, 14),
        )
        data = cleaned(given_name="JORDAN ", family_name="rivers")
        with pytest.raises(services.DuplicatePatient) as caught:
            services.create_patient(user, organisation, data)
        assert caught.value.check.visible == [existing]
        assert caught.value.check.can_create_anyway
        assert Patient.objects.count() == 1

        services.create_patient(user, organisation, data, confirmed_not_duplicate=True)
        assert Patient.objects.count() == 2

    def test_same_name_and_date_of_birth_in_an_unrelated_organisation_is_not_revealed(self):
        user, organisation = member()
        PatientFactory(
            given_name="Jordan", family_name="Rivers", date_of_birth=datetime.date(1985, 3, 14)
        )
        patient = services.create_patient(user, organisation, cleaned())
        assert patient.pk


class TestUpdatePatient:
    def change(self, patient, **overrides):
        data = {**patient_form_data(), **overrides, "version": str(patient.version)}
        form = PatientChangeForm(data)
        assert form.is_valid(), form.errors
        return form.cleaned_data

    def test_update_audits_the_fields_that_changed_and_moves_the_address(self):
        user, organisation = member()
        patient = services.create_patient(user, organisation, cleaned())
        data = self.change(
            patient,
            nhs_number=patient.nhs_number,
            pronouns="they/them",
            address_kind="no_fixed_abode",
            address_line_1="",
            postcode="",
        )
        updated = services.update_patient(user, organisation, patient, data, expected_version=1)
        assert updated.version == 2
        assert updated.pronouns == "they/them"
        event = AuditEvent.objects.get(action="update", patient_id=patient.pk)
        assert "pronouns" in event.changed_fields and "address_kind" in event.changed_fields
        assert "given_name" not in event.changed_fields
        kinds = list(patient.addresses.values_list("kind", "is_current"))
        assert sorted(kinds) == [("home", False), ("no_fixed_abode", True)]

    def test_stale_version_is_refused_and_nothing_is_overwritten(self):
        user, organisation = member()
        patient = services.create_patient(user, organisation, cleaned())
        first = self.change(patient, nhs_number=patient.nhs_number, pronouns="she/her")
        second = self.change(patient, nhs_number=patient.nhs_number, pronouns="he/him")
        services.update_patient(user, organisation, patient, first, expected_version=1)
        patient.refresh_from_db()
        with pytest.raises(services.ConflictError) as caught:
            services.update_patient(user, organisation, patient, second, expected_version=1)
        assert caught.value.current.pronouns == "she/her"
        patient.refresh_from_db()
        assert (patient.pronouns, patient.version) == ("she/her", 2)

    def test_a_race_between_reading_and_saving_is_caught_by_the_database(self):
        # Both people loaded version 1; the in-memory object still says 1 when the second
        # saves, so only the conditional UPDATE can notice.
        user, organisation = member()
        patient = services.create_patient(user, organisation, cleaned())
        stale_copy = Patient.objects.get(pk=patient.pk)
        services.update_patient(
            user,
            organisation,
            patient,
            self.change(patient, nhs_number=patient.nhs_number, pronouns="she/her"),
            expected_version=1,
        )
        with pytest.raises(services.ConflictError):
            services.update_patient(
                user,
                organisation,
                stale_copy,
                self.change(stale_copy, nhs_number=patient.nhs_number, pronouns="he/him"),
                expected_version=1,
            )
        patient.refresh_from_db()
        assert patient.pronouns == "she/her"
        assert AuditEvent.objects.filter(action="update").count() == 1

    def test_cannot_change_a_patient_the_organisation_cannot_see(self):
        user, organisation = member()
        patient = PatientFactory()
        data = self.change(patient, nhs_number=patient.nhs_number)
        with pytest.raises(PermissionDenied):
            services.update_patient(user, organisation, patient, data, expected_version=1)
