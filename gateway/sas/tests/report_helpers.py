"""Builders shared by the removal report, screening and allocation tests."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas import services
from tests.factories import (
    AddressFactory,
    CommissionerFactory,
    MembershipFactory,
    PatientFactory,
    PracticeFactory,
)

from .factories import SchemePolicyFactory


def report_data(**overrides):
    """A removal report that qualifies: violence at the practice, police told the same day,
    notice given by phone an hour later."""
    incident = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=3)
    data = {
        "signed_by_name": "Dr Sam Okafor",
        "signed_by_role": "gp_partner",
        "incident_at": incident,
        "setting": "practice_premises",
        "behaviours": ["violence"],
        "description": "Punched the receptionist.",
        "previously_non_aggressive_in_anguish": False,
        "health_condition_could_explain": "no",
        "learning_disability_or_neurodiversity_considered": True,
        "alternatives_tried": "None possible: it was sudden.",
        "police_reported": True,
        "police_reported_at": incident + datetime.timedelta(minutes=30),
        "police_reference": "CAD 1234",
        "notice_given_at": incident + datetime.timedelta(hours=1),
        "notice_method": "phone",
        "patient_told": "yes",
        "mental_health_conditions": "",
        "conditions_affecting_behaviour": "",
        "current_medications": "",
        "other_care_providers": "",
        "other_care_providers_will_be_told": False,
        "cqc_notified": True,
        "explanation": "",
    }
    data.update(overrides)
    return data


class Scheme:
    """A commissioner with a policy, a removing practice with a staff member, and a patient
    of that practice living in BN1."""

    def __init__(self, postcode="BN1 1AA", **policy):
        self.commissioner = CommissionerFactory()
        self.policy = SchemePolicyFactory(commissioner=self.commissioner, **policy)
        self.practice = PracticeFactory(commissioner=self.commissioner, postcode="BN3 1AA")
        self.practice_user = MembershipFactory(
            organisation=self.practice, role=Role.PRACTICE_STAFF
        ).user
        self.commissioner_user = MembershipFactory(
            organisation=self.commissioner, role=Role.COMMISSIONER
        ).user
        self.patient = PatientFactory(created_by_organisation=self.practice)
        if postcode is not None:
            AddressFactory(patient=self.patient, postcode=postcode)

    def report(self, **overrides):
        return services.submit_removal_report(
            self.practice_user, self.practice, self.patient, report_data(**overrides)
        )

    def report_new_patient(self, **overrides):
        """A report on another patient of the same practice."""
        patient = PatientFactory(created_by_organisation=self.practice)
        return services.submit_removal_report(
            self.practice_user, self.practice, patient, report_data(**overrides)
        )

    def second_commissioner(self):
        return MembershipFactory(organisation=self.commissioner, role=Role.COMMISSIONER).user

    def screening(self, **overrides):
        episode = self.report(**overrides)
        services.start_screening(
            self.commissioner_user, self.commissioner, episode, episode.version
        )
        return episode
