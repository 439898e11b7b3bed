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
Kind = ServiceReferral.ServiceType
Status = RegistrationReferral.Status


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


def referrals_and_refusals(area):
    """Referrals, registrations and refusals either side of the period's edges, and one in
    another commissioner's area."""
    # Registered: same day (0), 7 days, 8 days, 30 days; the median is (7 + 8) / 2.
    area.registered(referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 1))
    area.registered(referred_on=D(2025, 3, 25), registered_on=D(2025, 4, 1))
    area.registered(referred_on=D(2025, 6, 22), registered_on=D(2025, 6, 30))
    area.registered(referred_on=D(2025, 5, 1), registered_on=D(2025, 5, 31))
    # Outside the period: registered the day after it ends, referred the day before it starts.
    area.registered(referred_on=D(2025, 6, 30), registered_on=D(2025, 7, 1))
    area.referral(referred_on=D(2025, 3, 31))
    # Refused: for want of ID (not a reasonable ground) and a closed list (reasonable).
    area.refused(refused_on=D(2025, 6, 30), reason="no_id")
    area.refused(refused_on=D(2025, 4, 2), reason="list_closed")
    area.refused(refused_on=D(2025, 7, 1), reason="no_id")  # after the period
    # Waiting, and withdrawn.
    area.referral(referred_on=D(2025, 5, 5))
    area.referral(referred_on=D(2025, 5, 6), status=Status.WITHDRAWN)
    # Another commissioner's practice: never counted.
    other = Area()
    other.registered(referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 2))


def prison_leavers(area):
    """People leaving prison: registered on the day of release, a day late, referred twice,
    released after the period."""
    on_the_day = area.registered(
        referred_on=D(2025, 4, 1), registered_on=D(2025, 5, 1), is_prison_leaver=True,
        release_date=D(2025, 5, 1),
    )  # fmt: skip
    area.registered(
        referred_on=D(2025, 4, 1), registered_on=D(2025, 5, 2), is_prison_leaver=True,
        release_date=D(2025, 5, 1),
    )  # fmt: skip
    # The same person referred again after a refusal counts once.
    area.refused(
        patient=on_the_day.patient, refused_on=D(2025, 4, 10), reason="no_proof_of_address",
        is_prison_leaver=True, release_date=D(2025, 5, 1),
    )  # fmt: skip
    # Released the day after the period: not counted.
    area.registered(
        referred_on=D(2025, 6, 1), registered_on=D(2025, 6, 1), is_prison_leaver=True,
        release_date=D(2025, 7, 1),
    )  # fmt: skip


def first_appointments(area):
    """First appointments due on the last day (attended after it), the first day (missed)
    and the day before the period."""
    area.registered(
        referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 1),
        first_appointment_due_on=D(2025, 6, 30), first_appointment_attended_on=D(2025, 7, 2),
    )  # fmt: skip
    area.registered(
        referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 1),
        first_appointment_due_on=D(2025, 4, 1),
    )  # fmt: skip
    area.registered(
        referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 1),
        first_appointment_due_on=D(2025, 3, 31), first_appointment_attended_on=D(2025, 3, 31),
    )  # fmt: skip


def mcn_statuses(area):
    """Statuses meeting the definition at the end of the period under versions 1 and 2, one
    that stopped meeting it and one worked out after the period."""
    three, two = area.rule(1, 3, "Fulfilling Lives South East"), area.rule(2, 2)
    meets_v1, meets_v2, stopped, later = (area.person() for _ in range(4))
    area.mcn(meets_v1, three, meets=True, on=D(2025, 6, 30))  # the last day counts
    area.mcn(meets_v2, three, meets=False, on=D(2025, 4, 1))
    area.mcn(meets_v2, two, meets=True, on=D(2025, 5, 1))  # the latest status wins
    area.mcn(stopped, three, meets=True, on=D(2025, 4, 1))
    area.mcn(stopped, two, meets=False, on=D(2025, 6, 1))
    area.mcn(later, two, meets=True, on=D(2025, 7, 1))  # after the period


def service_referrals(area):
    """Refuge and housing referrals, some declined because needs were too high, either side
    of the period's edges, and one for someone outside the area."""
    person = area.person()
    area.service_referral(person, Kind.REFUGE, sent_on=D(2025, 4, 1), status="declined",
                          reason="needs_too_high")  # fmt: skip
    area.service_referral(person, Kind.REFUGE, sent_on=D(2025, 6, 30), status="declined",
                          reason="needs_too_high")  # fmt: skip
    area.service_referral(person, Kind.HOUSING, sent_on=D(2025, 5, 1), status="declined",
                          reason="needs_too_high")  # fmt: skip
    area.service_referral(person, Kind.HOUSING, sent_on=D(2025, 5, 2), status="accepted")
    area.service_referral(person, Kind.REFUGE, sent_on=D(2025, 5, 3))
    area.service_referral(person, Kind.REFUGE, sent_on=D(2025, 7, 1), status="declined",
                          reason="needs_too_high")  # fmt: skip
    # Someone outside the area: never counted.
    area.service_referral(Area().person(), Kind.REFUGE, sent_on=D(2025, 5, 1),
                          status="declined", reason="needs_too_high")  # fmt: skip


def actions(area):
    """Actions due on the last day, done after it and on it, not yet due, and made after the
    period."""
    person = area.person()
    area.action(person, due_on=D(2025, 6, 30), made_on=D(2025, 6, 1))  # due on the last day
    area.action(person, due_on=D(2025, 6, 1), made_on=D(2025, 5, 1), closed_on=D(2025, 7, 1))
    area.action(person, due_on=D(2025, 6, 1), made_on=D(2025, 5, 1), closed_on=D(2025, 6, 30))
    area.action(person, due_on=D(2025, 7, 1), made_on=D(2025, 6, 1))  # not yet due
    area.action(person, due_on=D(2025, 6, 1), made_on=D(2025, 7, 1))  # made after the period


def deaths(area):
    """Deaths on the first day of the period, the day before a birthday, mid-period and after it."""
    # 18 on the day (birthday that day); 17 (birthday the next day); 40.
    area.death(area.person(date_of_birth=D(2007, 4, 1)), died_on=D(2025, 4, 1),
               preventable="yes", treatable="yes",
               learning_review_status=Death.ReviewStatus.COMPLETE)  # fmt: skip
    area.death(area.person(date_of_birth=D(2007, 6, 30)), died_on=D(2025, 6, 29),
               preventable="no")  # fmt: skip
    area.death(area.person(date_of_birth=D(1985, 1, 1)), died_on=D(2025, 5, 1))
    area.death(area.person(date_of_birth=D(1985, 1, 1)), died_on=D(2025, 7, 1))  # after


def moment(day, hour=12):
    """Midday of a day in England, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
