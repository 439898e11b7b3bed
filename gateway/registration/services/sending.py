"""Choosing the practice for a registration referral and sending the referral
(docs/domain/gp-registration.md). send() refuses unless the person's consent is still in force:
nothing is sent without consent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.comms.services import queue_letter
from gateway.core.permissions import require
from gateway.patients.models import Address, PatientRelationship

from .. import queries
from ..rules import dates
from ..rules.practices import PracticeOption, choose_practices, person_district
from ..rules.refusals import NATIONAL_RULES_STATEMENT
from .common import (
    REFER,
    Action,
    Status,
    advance,
    history,
    organisation_address_lines,
    record,
    relate,
    require_referrer,
    require_status,
)
from .referrals import NO_CONSENT


def practice_choice(referral):
    """The practices the person may be referred to, and why (rules/practices.py)."""
    address = (
        Address.objects.filter(patient=referral.patient, is_current=True).only("postcode").first()
    )
    district = person_district(
        uses_proxy=referral.uses_proxy,
        own_postcode=address.postcode if address else "",
        referrer_postcode=referral.referring_organisation.postcode,
    )
    on_scheme, sas_practice = queries.sas_routing(referral.patient)
    sas_option = (
        PracticeOption(pk=sas_practice.pk, name=sas_practice.name) if sas_practice else None
    )
    return choose_practices(
        district,
        [] if on_scheme else queries.practice_options(district),
        on_sas_scheme=on_scheme,
        sas_practice=sas_option,
    )


def choose_practice(actor, organisation, referral, practice, expected_version):
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    require_status(
        referral,
        Status.CHOOSING_PRACTICE,
        message="The referral has been sent, so its practice cannot be changed",
    )
    choice = practice_choice(referral)
    if practice is None or practice.pk not in {o.pk for o in choice.options}:
        raise ValidationError({"practice": choice.reason or "Choose one of the practices listed"})
    with transaction.atomic():
        advance(
            referral,
            expected_version,
            practice=practice,
            practice_choice_note=choice.reason if choice.routed_to_sas else "",
        )
        history(
            referral, "practice chosen", referral.status, actor=actor, organisation=organisation
        )
        record(
            Action.UPDATE, referral, actor=actor, organisation=organisation, changed=["practice"]
        )
    return referral


def letter_context(referral, policy):
    return {
        "referral": referral,
        "patient": referral.patient,
        "address": Address.objects.filter(patient=referral.patient, is_current=True)
        .select_related("care_of_organisation")
        .first(),
        "practice": referral.practice,
        "referrer": referral.referring_organisation,
        "worker": referral.referred_by,
        "national_rules": NATIONAL_RULES_STATEMENT,
        "answer_by": referral.chase_on,
        "registration_due_by": dates.registration_due_by(referral.release_date)
        if referral.release_date
        else None,
        "policy": policy,
    }


def send(actor, organisation, referral, expected_version):
    """Send the referral letter to the chosen practice through the outbox, give the practice
    and its commissioner sight of the person, and set the chase and escalation dates."""
    require(actor, REFER, organisation)
    require_referrer(organisation, referral)
    require_status(
        referral, Status.CHOOSING_PRACTICE, message="This referral has already been sent"
    )
    require_consent(referral)
    if referral.practice_id is None:
        raise ValidationError({"practice": "Choose the practice first"})
    choice = practice_choice(referral)
    if referral.practice_id not in {o.pk for o in choice.options}:
        raise ValidationError({"practice": choice.reason or "Choose the practice again"})
    with transaction.atomic():
        dispatch(actor, organisation, referral, expected_version)
    return referral


def require_consent(referral, today=None):
    """Nothing is sent without the person's consent in force
    (docs/domain/gp-registration.md#registration-through-probation-and-other-services)."""
    today = today or timezone.localdate()
    consent = type(referral.consent).objects.get(pk=referral.consent_id)
    if consent.purpose != consent.Purpose.REGISTER_WITH_GP or not consent.is_in_force(today):
        raise ValidationError(NO_CONSENT + " Their consent has been withdrawn or has ended.")


def dispatch(actor, organisation, referral, expected_version, event="sent"):
    """Send the referral to its practice, inside the caller's transaction: the status, the
    chase dates from the practice's commissioner's policy, sight of the person for the
    practice and its commissioner, and the referral letter through the outbox."""
    today = timezone.localdate()
    practice = referral.practice
    policy = queries.policy_for(practice, today)
    due = dates.chase_dates(today, policy)
    before = referral.status
    advance(
        referral,
        expected_version,
        status=Status.SENT,
        sent_on=today,
        chase_on=due.chase_on,
        escalate_on=due.escalate_on,
        policy_version=policy.version,
        # Sent (or sent again after a refusal): the daily job chases, escalates and alerts
        # the practice afresh (ADR 0044).
        chased_on=None,
        escalated_on=None,
        pre_release_alerted_on=None,
    )
    relate(
        referral.patient,
        practice,
        PatientRelationship.Kind.REGISTRATION,
        "GP registration referral",
    )
    if practice.commissioner_id:
        relate(
            referral.patient,
            practice.commissioner,
            PatientRelationship.Kind.COMMISSIONER,
            "GP registration referral",
        )
    queue_letter(
        actor,
        organisation,
        template="letters/registration/referral.jinja",
        context=letter_context(referral, policy),
        patient=referral.patient,
        recipient_organisation=practice,
        address_lines=organisation_address_lines(practice),
        related=referral,
    )
    history(referral, event, before, actor=actor, organisation=organisation)
    record(
        Action.STATE_CHANGE,
        referral,
        actor=actor,
        organisation=organisation,
        changed=["status", "sent_on"],
        to=Status.SENT,
    )
    return referral
