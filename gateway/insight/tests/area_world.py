"""A small area for the GP registration, multiple-disadvantage and equality figures: a
commissioner with a GP practice and an SAS practice, a probation office in its area, a
worker, and builders that write rows with the exact dates a figure's boundaries need (the
services would date them today)."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.patients.models import Consent, PatientRelationship
from gateway.registration.models import RefusalReason, RegistrationReferral
from gateway.sas.models import Episode, RemovalReport, StatusHistory
from gateway.sas.rules.screening import QUALIFIES
from gateway.sas.states import State
from gateway.sas.tests.factories import SchemePolicyFactory
from gateway.support.models import (
    Action,
    Death,
    DeclineReason,
    MCNRule,
    MCNStatus,
    ServiceReferral,
)
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    SasPracticeFactory,
)

D = datetime.date
# Q1 of the financial year 2025 to 2026.
PERIOD = Period(D(2025, 4, 1), D(2025, 6, 30), "quarter")


class Area:
    def __init__(self):
        self.commissioner = CommissionerFactory(name="Sussex ICB")
        self.practice = PracticeFactory(commissioner=self.commissioner, name="Albion Surgery")
        self.sas_practice = SasPracticeFactory(commissioner=self.commissioner, name="SAS Surgery")
        self.probation = PartnerFactory(
            partner_type=Organisation.PartnerType.PROBATION,
            name="Brighton Probation",
            commissioner=self.commissioner,
        )
        self.worker = MembershipFactory(organisation=self.probation, role=Role.SUPPORT_WORKER).user
        self.scope = Scope(self.commissioner)

    def person(self, **fields):
        """A person in the commissioner's area (linked to the commissioner)."""
        fields.setdefault("created_by_organisation", self.probation)
        patient = PatientFactory(**fields)
        PatientRelationship.objects.create(
            patient=patient,
            organisation=self.commissioner,
            kind=PatientRelationship.Kind.COMMISSIONER,
        )
        return patient

    def consent(self, patient):
        return Consent.objects.create(
            patient=patient,
            purpose=Consent.Purpose.REGISTER_WITH_GP,
            organisation=self.probation,
            starts_on=D(2025, 1, 1),
            method=Consent.Method.VERBAL,
            recorded_by_organisation=self.probation,
        )

    def referral(self, patient=None, *, referred_on, practice="gp", **fields):
        patient = patient or self.person()
        practices = {"gp": self.practice, "sas": self.sas_practice, None: None}
        return RegistrationReferral.objects.create(
            patient=patient,
            referring_organisation=self.probation,
            referred_by=self.worker,
            consent=self.consent(patient),
            referred_on=referred_on,
            address_basis=RegistrationReferral.AddressBasis.PROXY,
            practice=practices.get(practice, practice),
            status=fields.pop("status", RegistrationReferral.Status.SENT),
            **fields,
        )

    def registered(self, *, referred_on, registered_on, **fields):
        return self.referral(
            referred_on=referred_on,
            registered_on=registered_on,
            status=RegistrationReferral.Status.REGISTERED,
            **fields,
        )

    def refused(self, *, refused_on, reason, **fields):
        return self.referral(
            referred_on=fields.pop("referred_on", refused_on),
            refused_on=refused_on,
            refusal_reason=RefusalReason.objects.get(code=reason),
            status=RegistrationReferral.Status.REFUSED,
            **fields,
        )

    def rule(self, version, threshold, name=""):
        return MCNRule.objects.create(
            commissioner=self.commissioner,
            version=version,
            effective_from=D(2020, 1, 1),
            threshold=threshold,
            name=name,
        )

    def mcn(self, patient, rule, *, meets, on):
        return MCNStatus.objects.create(
            patient=patient,
            commissioner=self.commissioner,
            rule=rule,
            meets=meets,
            worked_out_on=on,
            why="test",
        )

    def service_referral(self, patient, kind, *, sent_on, status="sent", reason=None):
        return ServiceReferral.objects.create(
            patient=patient,
            service_type=kind,
            reason="Needs somewhere safe",
            consent=self.consent(patient),
            status=status,
            sent_on=sent_on,
            status_changed_on=sent_on,
            decline_reason=DeclineReason.objects.get(code=reason) if reason else None,
            referred_by=self.worker,
            referring_organisation=self.probation,
        )

    def action(self, patient, *, due_on, made_on, closed_on=None):
        action = Action.objects.create(
            patient=patient,
            description="Book a housing appointment",
            owner=self.worker,
            owner_organisation=self.probation,
            due_on=due_on,
            status=Action.Status.DONE if closed_on else Action.Status.OPEN,
            closed_at=moment(closed_on) if closed_on else None,
            created_by=self.worker,
        )
        Action.objects.filter(pk=action.pk).update(created_at=moment(made_on))
        return action

    def death(self, patient, *, died_on, **fields):
        return Death.objects.create(
            patient=patient,
            died_on=died_on,
            place=Death.Place.HOSPITAL,
            cause_category=Death.Cause.DRUG_POISONING,
            recorded_by=self.worker,
            organisation=self.probation,
            **fields,
        )

    def episode(self, patient, *, allocated_on=None, closed_on=None, notice_on=None):
        """An SAS episode at the SAS practice, allocated and closed (discharged) on the days
        given, with a removal report when notice was given."""
        closed = State.DISCHARGED
        episode = Episode.objects.create(
            patient=patient,
            commissioner=self.commissioner,
            removing_practice=self.practice,
            sas_practice=self.sas_practice,
            state=closed if closed_on else State.ALLOCATED if allocated_on else State.SCREENING,
        )
        history = [(State.REPORTED, notice_on or allocated_on or D(2024, 1, 1))]
        history += [(State.ALLOCATED, allocated_on)] if allocated_on else []
        history += [(closed, closed_on)] if closed_on else []
        for state, day in history:
            StatusHistory.objects.create(
                episode=episode, to_state=state, transition=state, at=moment(day)
            )
        if notice_on:
            self.removal_report(episode, moment(notice_on))
        return episode

    def removal_report(self, episode, notice):
        if not hasattr(self, "policy"):
            self.policy = SchemePolicyFactory(
                commissioner=self.commissioner, effective_from=D(2020, 1, 1)
            )
        return RemovalReport.objects.create(
            episode=episode,
            reporting_practice=self.practice,
            signed_by_name="Dr Test",
            signed_by_role=RemovalReport.Signatory.GP_PARTNER,
            incident_at=notice - datetime.timedelta(hours=2),
            setting=RemovalReport.Setting.PRACTICE_PREMISES,
            description="Threatened staff",
            health_condition_could_explain=RemovalReport.YesNoUnsure.NO,
            police_reported=True,
            police_reported_at=notice - datetime.timedelta(hours=1),
            notice_given_at=notice,
            notice_method=RemovalReport.NoticeMethod.PHONE,
            patient_told=RemovalReport.PatientTold.YES,
            screening_route=QUALIFIES,
            screening_policy=self.policy,
        )


def moment(day, hour=12):
    """Midday of a day in England, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
