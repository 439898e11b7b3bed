"""Builders for the appeals and other-changes tests: a patient on the scheme since a given
date, under a commissioner whose policy the test chooses."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas import rules
from gateway.sas.models import Deadline, StatusHistory
from gateway.sas.states import State
from tests.factories import (
    AddressFactory,
    CommissionerFactory,
    MembershipFactory,
    SasPracticeFactory,
)

from .factories import EpisodeFactory, SchemePolicyFactory

MARCH_2 = datetime.date(2026, 3, 2)


def appeal_data(**overrides):
    data = {
        "against": "placement",
        "lodged_by": "patient",
        "representative_name": "",
        "representative_relationship": "",
        "means": "phone",
        "received_on": datetime.date(2026, 3, 10),
        "grounds": "The incident did not happen.",
        "late_reason": "",
    }
    data.update(overrides)
    return data


class OnScheme:
    """A patient allocated to an SAS practice on allocated_on, with the attend SAS practice
    only flag, the appeal and first review deadlines set at allocation (as the allocation
    service does), and a commissioner, panel member and SAS practice user."""

    def __init__(self, allocated_on=MARCH_2, appeal_row=True, policies=None, alongside=None):
        """alongside: another OnScheme whose commissioner and policies this one shares (a
        second patient of the same scheme)."""
        if alongside is not None:
            self.commissioner, self.policies = alongside.commissioner, alongside.policies
        else:
            self.commissioner = CommissionerFactory()
            self.policies = [
                SchemePolicyFactory(commissioner=self.commissioner, version=n, **values)
                for n, values in enumerate(policies or [{}], start=1)
            ]
        self.sas_practice = SasPracticeFactory(commissioner=self.commissioner)
        at = timezone.make_aware(datetime.datetime.combine(allocated_on, datetime.time(10)))
        self.episode = EpisodeFactory(
            commissioner=self.commissioner,
            sas_practice=self.sas_practice,
            state=State.ALLOCATED,
            state_changed_at=at,
        )
        self.patient = self.episode.patient
        AddressFactory(patient=self.patient)
        for organisation, kind in [
            (self.commissioner, PatientRelationship.Kind.COMMISSIONER),
            (self.sas_practice, PatientRelationship.Kind.RESPONSIBLE),
        ]:
            PatientRelationship.objects.create(
                patient=self.patient, organisation=organisation, kind=kind
            )
        StatusHistory.objects.create(
            episode=self.episode,
            from_state=State.SCREENING,
            to_state=State.ALLOCATED,
            transition="allocate",
            at=at,
        )
        self.flag = PatientFlag.objects.create(
            patient=self.patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY
        )
        policy = self.policy_on(allocated_on)
        rows = [rules.first_review_due(allocated_on, policy.values())]
        if appeal_row:
            rows.append(rules.appeal_deadline(allocated_on, "placement", policy.values()))
        for row in rows:
            Deadline.from_rule(self.episode, row, policy).save()
        self.commissioner_user = self.member(self.commissioner, Role.COMMISSIONER)
        self.panel_user = self.member(self.commissioner, Role.PANEL_MEMBER)
        self.sas_user = self.member(self.sas_practice, Role.SAS_PRACTICE_STAFF)

    @staticmethod
    def member(organisation, role):
        return MembershipFactory(organisation=organisation, role=role).user

    def policy_on(self, day):
        return max((p for p in self.policies if p.effective_from <= day), key=lambda p: p.version)

    def refresh(self):
        self.episode.refresh_from_db()
        return self.episode


def ready_for_panel(scheme, appeal):
    """The steps the panel's decision waits for (the panel order rule): the appeal
    acknowledged the day after it arrived and the panel arranged three weeks on."""
    from gateway.sas import services

    who = (scheme.commissioner_user, scheme.commissioner)
    appeal = services.record_acknowledgement(
        *who, appeal, appeal.version, appeal.received_on + datetime.timedelta(days=1)
    )
    return services.schedule_panel(
        *who, appeal, appeal.version, appeal.received_on + datetime.timedelta(days=21)
    )
