"""Domestic abuse incidents and escalation to MARAC
(docs/domain/multiple-disadvantage.md#dash-risk-checklist): record an incident, and refer to MARAC
again when enough incidents have happened since the last referral (the commissioner's support policy
says how many, in how many months). Restricted like DASH details; the audit rows hold no note."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gateway.audit import services as audit

from .. import queries
from ..models import AbuseIncident, MaracReferral
from ..rules import dash
from ..rules.permissions import can_view_dash_details
from .common import not_in_future, require_access

Action = audit.Action


def _require_dash(actor, organisation, patient):
    require_access(actor, organisation, patient, "support.record_support")
    if not can_view_dash_details(actor, organisation):
        raise PermissionDenied("Only people who may see domestic abuse details can do this")


def record_incident(actor, organisation, patient, *, occurred_on, note=""):
    """A dated incident; a repeat when it falls within 12 months after the day of the last
    MARAC referral."""
    _require_dash(actor, organisation, patient)
    if occurred_on is None:
        raise ValidationError({"occurred_on": "Enter the date of the incident"})
    not_in_future(occurred_on, "occurred_on", "The date of the incident")
    last = queries.last_marac_referral(patient, occurred_on)
    with transaction.atomic():
        incident = AbuseIncident.objects.create(
            patient=patient,
            occurred_on=occurred_on,
            note=(note or "").strip(),
            is_repeat=dash.is_repeat(last.referred_on if last else None, occurred_on),
            recorded_by=actor,
            organisation=organisation,
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=incident,
            patient=patient,
            detail={"kind": "domestic_abuse_incident"},
        )
    return incident


def refer_to_marac_on_escalation(actor, organisation, patient, *, referred_on):
    """Record a MARAC referral made because of escalation. Refused when the incidents do not
    reach the policy's number, so the reason recorded is always true."""
    _require_dash(actor, organisation, patient)
    if referred_on is None:
        raise ValidationError({"referred_on": "Enter the referral date"})
    not_in_future(referred_on, "referred_on", "The referral date")
    escalation = queries.dash_escalation(patient, organisation, referred_on)
    if escalation is None:
        raise ValidationError(
            "There have not been enough incidents since the last MARAC referral to refer on "
            "escalation. Refer from a DASH checklist instead."
        )
    last = queries.last_marac_referral(patient, referred_on)
    with transaction.atomic():
        referral = MaracReferral.objects.create(
            patient=patient,
            referred_on=referred_on,
            reason=MaracReferral.Reason.ESCALATION,
            reasons_text=escalation.summary(),
            is_repeat=dash.is_repeat(last.referred_on if last else None, referred_on),
            referred_by=actor,
            organisation=organisation,
        )
        audit.record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=referral,
            patient=patient,
            detail={"kind": "marac_referral", "reason": "escalation"},
        )
    return referral
