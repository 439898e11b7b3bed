"""Handing on a worker's open support work when they leave or change role
(docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md): their places on people's support
teams (lead worker or named worker), the open actions they own and the open referrals to
services they made. Registered as holdings with accounts (apps.py); the organisation admin's
reassignment (gateway.accounts.services.reassignment) calls these inside its transaction.

A place on a support team is not rewritten: the leaver's row ends today and the colleague gets
their own row with the same role, so the team's history shows who was there when. When the
lead worker changes, the person is told through their contact plan."""

from django.utils import timezone

from gateway.accounts import holdings
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.comms.routing import queue_for_patient

from ..models import Action, ServiceReferral, SupportTeamMember
from .common import save_if_unchanged

# The roles that work with people (gateway.accounts.rules.works_with_patients).
WORKS_WITH_PEOPLE = frozenset(
    {Role.COMMISSIONER, Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF, Role.SUPPORT_WORKER}
)
HANDED_ON = "Their work was handed on to a colleague"


def _audit(actor, organisation, obj, patient, fields, **detail):
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=obj,
        patient=patient,
        changed_fields=list(fields),
        detail={"change": "handed on", **detail},
    )


def team_places(user, organisation):
    return (
        SupportTeamMember.objects.filter(
            worker=user, organisation=organisation, ended_on__isnull=True
        )
        .select_related("patient")
        .order_by("-is_lead", "patient__family_name", "pk")
    )


def describe_team_place(member):
    what = "Lead worker" if member.is_lead else member.role
    return f"{what} for {member.patient.display_name}"


def hand_on_team_place(actor, organisation, member, to_user):
    today = timezone.localdate()
    was_lead = member.is_lead
    patient = member.patient
    save_if_unchanged(member, None, ended_on=today, end_reason=HANDED_ON, is_lead=False)
    _audit(actor, organisation, member, patient, ["ended_on", "end_reason", "is_lead"])
    place = (
        SupportTeamMember.objects.select_for_update()
        .filter(patient=patient, worker=to_user, organisation=member.organisation)
        .filter(ended_on__isnull=True)
        .first()
    )
    if place is None:
        place = SupportTeamMember.objects.create(
            patient=patient,
            organisation=member.organisation,
            worker=to_user,
            worker_contact=member.worker_contact,
            role=member.role,
            is_lead=was_lead,
            consent=member.consent,
            started_on=today,
            added_by=actor,
            added_by_organisation=organisation,
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=place,
            patient=patient,
            changed_fields=["organisation", "worker", "role", "is_lead", "started_on"],
            detail={"change": "handed on", "from": str(member.public_id)},
        )
    elif was_lead and not place.is_lead:
        save_if_unchanged(place, None, is_lead=True)
        _audit(actor, organisation, place, patient, ["is_lead"])
    if was_lead:
        queue_for_patient(
            actor,
            organisation,
            patient=patient,
            template="support/new_lead_worker",
            context={"patient": patient, "worker": to_user, "organisation": member.organisation},
            related=place,
        )
    return place


def open_actions(user, organisation):
    return (
        Action.objects.filter(
            owner=user, owner_organisation=organisation, status=Action.Status.OPEN
        )
        .select_related("patient")
        .order_by("due_on", "pk")
    )


def describe_action(action):
    return f"Action for {action.patient.display_name}: {action.description}"


def hand_on_action(actor, organisation, action, to_user):
    save_if_unchanged(action, None, owner=to_user)
    _audit(actor, organisation, action, action.patient, ["owner"], to=str(to_user.public_id))


def open_service_referrals(user, organisation):
    return (
        ServiceReferral.objects.filter(referred_by=user, referring_organisation=organisation)
        .exclude(status__in=ServiceReferral.CLOSED_STATUSES)
        .select_related("patient")
        .order_by("sent_on", "pk")
    )


def describe_service_referral(referral):
    return f"{referral} for {referral.patient.display_name} ({referral.get_status_display()})"


def hand_on_service_referral(actor, organisation, referral, to_user):
    # The new referrer hears of every change from now on (news_for_referrer stays as it was).
    save_if_unchanged(referral, None, referred_by=to_user)
    _audit(
        actor, organisation, referral, referral.patient, ["referred_by"], to=str(to_user.public_id)
    )


def register():
    holdings.register(
        holdings.Holding(
            name="support_team",
            label="Places on people's support teams",
            roles=WORKS_WITH_PEOPLE,
            held=team_places,
            describe=describe_team_place,
            reassign=hand_on_team_place,
            order=10,
        )
    )
    holdings.register(
        holdings.Holding(
            name="actions",
            label="Open actions",
            roles=WORKS_WITH_PEOPLE,
            held=open_actions,
            describe=describe_action,
            reassign=hand_on_action,
            order=30,
        )
    )
    holdings.register(
        holdings.Holding(
            name="service_referrals",
            label="Open referrals to services they made",
            roles=WORKS_WITH_PEOPLE,
            held=open_service_referrals,
            describe=describe_service_referral,
            reassign=hand_on_service_referral,
            order=40,
        )
    )
