"""Builders for review and discharge tests: a patient on the scheme since 1 June 2025, with
the commissioner, the SAS practice and a support organisation that may see them."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas.models import Review, StatusHistory
from gateway.sas.services import reviews as review_service
from gateway.sas.states import State
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    PracticeFactory,
    SasPracticeFactory,
)

from .factories import EpisodeFactory, SchemePolicyFactory

ALLOCATED_ON = datetime.date(2025, 6, 1)
TODAY = datetime.date(2026, 6, 1)  # the first review is due: 12 months on


@dataclass
class OnScheme:
    episode: object
    policy: object
    commissioner_user: object
    sas_user: object
    panel_user: object
    support_user: object
    mainstream: Organisation

    @property
    def commissioner(self):
        return self.episode.commissioner

    @property
    def sas_practice(self):
        return self.episode.sas_practice

    @property
    def support_org(self):
        return self.support_user.memberships.get().organisation

    def refresh(self):
        self.episode.refresh_from_db()
        return self.episode

    def review(self):
        return review_service.ensure_review_scheduled(self.episode)


def on_scheme(state=State.ALLOCATED, allocated_on=ALLOCATED_ON, **policy_values):
    episode = EpisodeFactory(state=State.REPORTED)
    commissioner = episode.commissioner
    policy = SchemePolicyFactory(commissioner=commissioner, **policy_values)
    sas_practice = SasPracticeFactory(commissioner=commissioner)
    support_org = PartnerFactory()
    episode.sas_practice = sas_practice
    episode.state = state
    allocated_at = timezone.make_aware(
        datetime.datetime.combine(allocated_on, datetime.time(10, 0))
    )
    episode.state_changed_at = allocated_at
    episode.save()
    StatusHistory.objects.create(
        episode=episode,
        from_state=State.SCREENING,
        to_state=State.ALLOCATED,
        transition="allocate",
        at=allocated_at,
    )
    for organisation, kind in [
        (commissioner, PatientRelationship.Kind.COMMISSIONER),
        (sas_practice, PatientRelationship.Kind.RESPONSIBLE),
        (support_org, PatientRelationship.Kind.CONSENT),
    ]:
        PatientRelationship.objects.create(
            patient=episode.patient, organisation=organisation, kind=kind
        )
    PatientFlag.objects.create(
        patient=episode.patient,
        kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
        set_by_organisation=commissioner,
    )
    return OnScheme(
        episode=episode,
        policy=policy,
        commissioner_user=MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user,
        sas_user=MembershipFactory(organisation=sas_practice, role=Role.SAS_PRACTICE_STAFF).user,
        panel_user=MembershipFactory(organisation=commissioner, role=Role.PANEL_MEMBER).user,
        support_user=MembershipFactory(organisation=support_org, role=Role.SUPPORT_WORKER).user,
        mainstream=PracticeFactory(commissioner=commissioner),
    )


def plan_data(scheme, **overrides):
    return {
        "target_practice": scheme.mainstream,
        "target_practice_note": "",
        "medication_cover": "Repeat prescriptions from the SAS practice until registered",
        "referrals_to_hand_over": "Dermatology referral waiting for an appointment",
        "stay_in_touch_months": 6,
        **overrides,
    }


def remain_data(**overrides):
    return {
        "patient_took_part": Review.HowTookPart.THROUGH_WORKER,
        "held_on": TODAY,
        "decision": Review.Decision.REMAIN,
        "reasons": "Two missed appointments and one incident in March",
        "what_would_change_it": "Six months with no incidents and appointments kept",
        **overrides,
    }


def discharge_data(scheme, **overrides):
    return {
        "patient_took_part": Review.HowTookPart.IN_PERSON,
        "held_on": TODAY,
        "decision": Review.Decision.DISCHARGE,
        "reasons": "A settled year with no incidents",
        **plan_data(scheme),
        **overrides,
    }
