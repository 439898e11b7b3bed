"""The referrals-to-services and safety-flag demo: the demo
commissioner has chosen the Fulfilling Lives South East definition of multiple disadvantage
(3 of 4 core needs, reference data); Jordan Reeves has agreed to be referred, his housing
referral was declined for lack of space (on the commissioner's decline report) and his
substance-misuse referral is waiting for an answer; a "risk from others" flag shows on every
page about him.

Written through the consent, referral and flag services, so the audit trail and rules are
the real ones. Idempotent: a person who already has a referral is left as they are."""

import datetime

from django.utils import timezone

from gateway.accounts.models import User
from gateway.patients.models import Patient
from gateway.patients.services import consent as consent_services
from gateway.support.models import DeclineReason, MCNRule, ServiceReferral
from gateway.support.services import flags as flag_services
from gateway.support.services import referrals as referral_services

from .demo_data import COMMISSIONER, PARTNERS, demo_email, demo_nhs_number

OUTREACH = PARTNERS[0][0]
SUBSTANCE_MISUSE = PARTNERS[3][0]
HOUSING = PARTNERS[6][0]
JORDAN = 1  # demo_data.PATIENTS serial


def _mcn_rule(orgs):
    commissioner = orgs[COMMISSIONER["name"]]
    if not MCNRule.objects.filter(commissioner=commissioner).exists():
        MCNRule.objects.create(
            commissioner=commissioner,
            version=1,
            effective_from=datetime.date(2024, 1, 1),
            threshold=3,
            name="Fulfilling Lives South East",
        )


def load_support_referrals_demo(orgs):
    """Called by load_demo inside its transaction. Returns how many referrals were added."""
    _mcn_rule(orgs)
    patient = Patient.objects.filter(nhs_number=demo_nhs_number(JORDAN)).first()
    worker = User.objects.filter(username=demo_email("support-worker")).first()
    if patient is None or worker is None:
        return 0
    if ServiceReferral.objects.filter(patient=patient).exists():
        return 0
    outreach = orgs[OUTREACH]
    today = timezone.localdate()
    consent_services.record_consent(
        worker,
        outreach,
        patient,
        {
            "purpose": "refer_to_service",
            "organisation": outreach,
            "scope": "Referrals to housing, drug and alcohol and mental health services",
            "starts_on": today - datetime.timedelta(days=30),
            "method": "verbal",
        },
    )
    housing = referral_services.send_referral(
        worker,
        outreach,
        patient,
        service_type=ServiceReferral.ServiceType.HOUSING,
        receiving_organisation=orgs[HOUSING],
        reason="Sleeping in his car since the hostel eviction; has a dog.",
        persons_wishes="A room where my dog can stay.",
        sent_on=today - datetime.timedelta(days=20),
    )
    referral_services.record_change(
        worker,
        outreach,
        housing,
        housing.version,
        to_status=ServiceReferral.Status.DECLINED,
        on=today - datetime.timedelta(days=12),
        decline_reason=DeclineReason.objects.filter(code="no_capacity").first(),
        note="No dog-friendly rooms until the spring.",
    )
    referral_services.send_referral(
        worker,
        outreach,
        patient,
        service_type=ServiceReferral.ServiceType.SUBSTANCE_MISUSE,
        receiving_organisation=orgs[SUBSTANCE_MISUSE],
        reason="Wants to cut down his drinking before the leg operation.",
        persons_wishes="Not a group. One person I can talk to.",
        sent_on=today - datetime.timedelta(days=5),
    )
    if not flag_services.open_flags(patient).filter(kind=flag_services.Kind.RISK_FROM_OTHERS):
        flag_services.set_flag(
            worker,
            outreach,
            patient,
            kind=flag_services.Kind.RISK_FROM_OTHERS,
            detail="Robbed twice near the day centre: meet him inside, not on the street.",
        )
    return 2
