"""Handing on the registration referrals waiting on a worker when they leave or change role
(docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md): open referrals they made (choosing
a practice, or sent and waiting for the practice), and refusals waiting for the referrer to
choose what happens next (a refusal is never a dead end). Registered as a holding with accounts
(apps.py); the organisation admin's reassignment calls it inside its transaction. The
referral's history keeps who made it; from now on the colleague is its referrer."""

from django.db.models import Q

from gateway.accounts import holdings
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged

from ..models import RegistrationReferral

Status = RegistrationReferral.Status
# Only support workers at partner organisations refer (rules/permissions.py: refers).
REFERS = frozenset({Role.SUPPORT_WORKER})


def referrals_waiting(user, organisation):
    waiting = Q(status__in=RegistrationReferral.OPEN_STATUSES) | Q(
        status=Status.REFUSED, after_refusal=""
    )
    return (
        RegistrationReferral.objects.filter(waiting, referred_by=user)
        .filter(referring_organisation=organisation)
        .select_related("patient")
        .order_by("referred_on", "pk")
    )


def describe_referral(referral):
    return (
        f"GP registration for {referral.patient.display_name} "
        f"({referral.get_status_display().lower()})"
    )


def hand_on_referral(actor, organisation, referral, to_user):
    save_if_unchanged(referral, None, referred_by=to_user)
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=referral,
        patient=referral.patient,
        changed_fields=["referred_by"],
        detail={"change": "handed on", "to": str(to_user.public_id)},
    )


def register():
    holdings.register(
        holdings.Holding(
            name="registration_referrals",
            label="GP registration referrals waiting on them",
            roles=REFERS,
            held=referrals_waiting,
            describe=describe_referral,
            reassign=hand_on_referral,
            order=45,
        )
    )
