"""Builders for the scheme's tests (kept here, not in tests/factories.py, while the app grows)."""

import datetime

import factory
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas import rules, services
from gateway.sas.models import Deadline, Episode, SchemePolicy, StatusHistory
from gateway.sas.states import State
from tests.factories import (
    AddressFactory,
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)


class SchemePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemePolicy

    commissioner = factory.SubFactory(CommissionerFactory)
    version = 1
    effective_from = datetime.date(2025, 4, 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    commissioner = factory.SubFactory(CommissionerFactory)
    removing_practice = factory.SubFactory(
        PracticeFactory, commissioner=factory.SelfAttribute("..commissioner")
    )
    patient = factory.SubFactory(
        PatientFactory, created_by_organisation=factory.SelfAttribute("..removing_practice")
    )
    state = State.REPORTED


ALLOCATION_DEADLINES = ("review", "appeal_against_placement")
ALLOCATED_ON = datetime.date(2025, 6, 1)  # OnScheme.awaiting_first_review: due 1 June 2026


class OnScheme:
    """A patient allocated to an SAS practice on allocated_on and now in `state`, with the
    attend SAS practice only flag set by the commissioner, a home address, and the
    organisations that may see them: the commissioner, the SAS practice (responsible) and a
    support organisation (by consent). Users: a commissioner, a panel member, an SAS practice
    user and a support worker; `mainstream` is a practice of the same commissioner to
    discharge to.

    policies: one dict of policy values per version (version 1 first); the default policy
    when omitted. deadlines: the rows allocation writes ("review" for the first review,
    "appeal_against_placement" for the appeal window); () for an episode whose review has
    not been scheduled yet. address=False for a test that gives the person its own address
    (or none). alongside: another OnScheme whose commissioner and policies this one shares
    (a second patient of the same scheme)."""

    def __init__(
        self,
        allocated_on=datetime.date(2026, 3, 2),
        *,
        state=State.ALLOCATED,
        policies=None,
        deadlines=ALLOCATION_DEADLINES,
        address=True,
        alongside=None,
    ):
        if alongside is not None:
            self.commissioner, self.policies = alongside.commissioner, alongside.policies
        else:
            self.commissioner = CommissionerFactory()
            self.policies = [
                SchemePolicyFactory(commissioner=self.commissioner, version=n, **values)
                for n, values in enumerate(policies or [{}], start=1)
            ]
        self.sas_practice = SasPracticeFactory(commissioner=self.commissioner)
        self.support_org = PartnerFactory()
        at = timezone.make_aware(datetime.datetime.combine(allocated_on, datetime.time(10)))
        self.episode = EpisodeFactory(
            commissioner=self.commissioner,
            sas_practice=self.sas_practice,
            state=state,
            state_changed_at=at,
        )
        self.patient = self.episode.patient
        if address:
            AddressFactory(patient=self.patient)
        for organisation, kind in [
            (self.commissioner, PatientRelationship.Kind.COMMISSIONER),
            (self.sas_practice, PatientRelationship.Kind.RESPONSIBLE),
            (self.support_org, PatientRelationship.Kind.CONSENT),
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
            patient=self.patient,
            kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY,
            set_by_organisation=self.commissioner,
        )
        self.policy = self.policy_on(allocated_on)
        values = self.policy.values()
        rows = {
            "review": lambda: rules.first_review_due(allocated_on, values),
            "appeal_against_placement": lambda: rules.appeal_deadline(
                allocated_on, "placement", values
            ),
        }
        for kind in deadlines:
            Deadline.from_rule(self.episode, rows[kind](), self.policy).save()
        self.commissioner_user = self.member(self.commissioner, Role.COMMISSIONER)
        self.panel_user = self.member(self.commissioner, Role.PANEL_MEMBER)
        self.sas_user = self.member(self.sas_practice, Role.SAS_PRACTICE_STAFF)
        self.support_user = self.member(self.support_org, Role.SUPPORT_WORKER)
        self.mainstream = PracticeFactory(commissioner=self.commissioner)

    @classmethod
    def awaiting_first_review(cls, state=State.ALLOCATED, **policy_values):
        """On the scheme since ALLOCATED_ON under one policy version with policy_values, the
        first review not scheduled yet (no deadline rows) and no address: the review and
        discharge tests' starting point."""
        return cls(ALLOCATED_ON, state=state, policies=[policy_values], deadlines=(), address=False)

    @staticmethod
    def member(organisation, role):
        return MembershipFactory(organisation=organisation, role=role).user

    def policy_on(self, day):
        return max((p for p in self.policies if p.effective_from <= day), key=lambda p: p.version)

    def refresh(self):
        self.episode.refresh_from_db()
        return self.episode

    def review(self):
        """The scheduled review, scheduling it from the policy if there is none yet."""
        return services.ensure_review_scheduled(self.episode)
