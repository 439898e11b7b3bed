"""A refuge whose support worker Lee Leaving holds one of every kind of open work, with two
colleagues who may take it, a practice worker who may not take everything, and the refuge's
organisation admin (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md)."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.comms.models import Message
from gateway.patients.models import Consent, ContactRoute
from gateway.registration.models import RegistrationReferral
from gateway.support.models import Action, ServiceReferral, SupportTeamMember
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PartnerFactory,
    PatientFactory,
    PracticeFactory,
    TotpDeviceFactory,
)

LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


def staff(organisation, role, name):
    user = MembershipFactory(organisation=organisation, role=role, user__full_name=name).user
    TotpDeviceFactory(user=user)
    return user


class Refuge:
    def __init__(self):
        self.commissioner = CommissionerFactory(name="NHS Sussex")
        self.practice = PracticeFactory(commissioner=self.commissioner)
        self.refuge = PartnerFactory(
            name="Safe Haven Refuge", partner_type=Organisation.PartnerType.REFUGE
        )
        self.admin = staff(self.refuge, Role.ORGANISATION_ADMIN, "Olu Admin")
        self.leaver = staff(self.refuge, Role.SUPPORT_WORKER, "Lee Leaving")
        self.sam = staff(self.refuge, Role.SUPPORT_WORKER, "Sam Staying")
        self.kim = staff(self.refuge, Role.SUPPORT_WORKER, "Kim Colleague")
        self.auditor = staff(self.refuge, Role.AUDITOR, "Ada Auditor")
        self.patient = PatientFactory(
            given_name="Jo",
            family_name="Bloggs",
            created_by_organisation=self.practice,
            related_to=[self.refuge],
        )

    def consent(self, purpose, worker=None, patient=None):
        return Consent.objects.create(
            patient=patient or self.patient,
            purpose=purpose,
            organisation=self.refuge,
            worker=worker,
            starts_on=LAST_WEEK,
            method=Consent.Method.VERBAL,
            recorded_by=self.leaver,
            recorded_by_organisation=self.refuge,
        )

    def team_place(self, patient=None, is_lead=True):
        return SupportTeamMember.objects.create(
            patient=patient or self.patient,
            organisation=self.refuge,
            worker=self.leaver,
            role="Key worker",
            is_lead=is_lead,
            started_on=LAST_WEEK,
            added_by=self.leaver,
            added_by_organisation=self.refuge,
        )

    def route(self, patient=None):
        patient = patient or self.patient
        self.consent(Consent.Purpose.CONTACT_THROUGH_WORKER, patient=patient)
        return ContactRoute.objects.create(
            patient=patient,
            kind=ContactRoute.Kind.VIA_WORKER,
            worker=self.leaver,
            worker_organisation=self.refuge,
            added_by=self.leaver,
            added_by_organisation=self.refuge,
        )

    def action(self, patient=None):
        return Action.objects.create(
            patient=patient or self.patient,
            description="Call housing options",
            owner=self.leaver,
            owner_organisation=self.refuge,
            due_on=timezone.localdate(),
            created_by=self.leaver,
        )

    def service_referral(self, patient=None):
        patient = patient or self.patient
        return ServiceReferral.objects.create(
            patient=patient,
            service_type=ServiceReferral.ServiceType.REFUGE,
            reason="Needs somewhere safe",
            consent=self.consent(Consent.Purpose.REFER_TO_SERVICE, patient=patient),
            sent_on=LAST_WEEK,
            status_changed_on=LAST_WEEK,
            referred_by=self.leaver,
            referring_organisation=self.refuge,
        )

    def registration_referral(self, patient=None):
        patient = patient or self.patient
        return RegistrationReferral.objects.create(
            patient=patient,
            referring_organisation=self.refuge,
            referred_by=self.leaver,
            consent=self.consent(Consent.Purpose.REGISTER_WITH_GP, patient=patient),
            referred_on=LAST_WEEK,
            address_basis=RegistrationReferral.AddressBasis.PROXY,
        )

    def handover(self, patient=None):
        return Message.objects.create(
            kind=Message.Kind.IN_PERSON,
            status=Message.Status.TO_HAND_OVER,
            patient=patient or self.patient,
            template="sas/allocation",
            created_for=self.refuge,
            handover_organisation=self.refuge,
            handover_worker=self.leaver,
        )

    def one_of_each(self):
        return {
            "support_team": self.team_place(),
            "contact_routes": self.route(),
            "actions": self.action(),
            "service_referrals": self.service_referral(),
            "registration_referrals": self.registration_referral(),
            "handovers": self.handover(),
        }
