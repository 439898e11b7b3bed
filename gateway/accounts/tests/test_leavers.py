"""A worker leaves or changes role: the organisation admin hands on everything they hold, and
nothing open is left without an owner (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md,
hazard H53)."""

import pytest
from django.core.exceptions import ValidationError

from gateway.accounts import holdings
from gateway.accounts.models import Role
from gateway.accounts.services import reassignment
from gateway.accounts.services import users as user_services
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.support.models import SupportTeamMember

from .leavers_world import Refuge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Refuge()


def everything_to(world, colleague):
    plan = reassignment.plan_everything(
        world.admin, world.refuge, world.leaver, colleague.public_id
    )
    return reassignment.reassign(world.admin, world.refuge, world.leaver, plan)


def test_every_kind_of_open_work_is_registered(world):
    assert [h.name for h in holdings.holdings()] == [
        "support_team",
        "contact_routes",
        "actions",
        "service_referrals",
        "registration_referrals",
        "handovers",
    ]


def test_deactivating_a_worker_with_open_work_is_refused_until_it_is_handed_on(world):
    world.one_of_each()
    with pytest.raises(ValidationError) as refused:
        user_services.deactivate_member(world.admin, world.refuge, world.leaver)
    assert refused.value.messages == [
        "Lee Leaving still holds open work for Safe Haven Refuge. Hand it on to colleagues "
        "first, so nothing is left without an owner"
    ]
    assert world.leaver.memberships.filter(is_active=True).exists()

    everything_to(world, world.sam)

    user_services.deactivate_member(world.admin, world.refuge, world.leaver)
    assert not world.leaver.memberships.filter(is_active=True).exists()


def test_taking_away_the_role_that_holds_the_work_is_refused(world):
    world.action()
    with pytest.raises(ValidationError) as refused:
        user_services.change_roles(
            world.admin, world.refuge, world.leaver, [Role.ORGANISATION_ADMIN]
        )
    assert "Lee Leaving still holds open actions" in refused.value.message_dict["roles"][0]
    assert set(world.leaver.memberships.filter(is_active=True).values_list("role", flat=True)) == {
        Role.SUPPORT_WORKER
    }


def test_a_reassignment_moves_every_kind_of_open_item_and_is_audited(world):
    items = world.one_of_each()

    assert everything_to(world, world.sam) == 6

    for name, item in items.items():
        item.refresh_from_db()
        if name == "support_team":
            assert item.ended_on is not None and item.is_lead is False
            new = SupportTeamMember.objects.get(patient=world.patient, ended_on__isnull=True)
            assert (new.worker, new.is_lead, new.role) == (world.sam, True, "Key worker")
        elif name == "contact_routes":
            assert item.worker == world.sam
        elif name == "actions":
            assert item.owner == world.sam
        elif name in ("service_referrals", "registration_referrals"):
            assert item.referred_by == world.sam
        elif name == "handovers":
            assert item.handover_worker == world.sam
        assert AuditEvent.objects.filter(
            object_id=str(item.public_id), detail__change="handed on"
        ).exists(), name
    summary = AuditEvent.objects.get(object_id=str(world.leaver.public_id), action="update")
    assert summary.detail["items"] == 6
    assert summary.actor_id == world.admin.pk
    assert not holdings.holds_anything(world.leaver, world.refuge)


def test_the_person_is_told_their_named_worker_changed_through_the_outbox(world):
    world.team_place()
    everything_to(world, world.sam)
    message = Message.objects.get(patient=world.patient, kind=Message.Kind.ROUTED)
    assert message.subject == "You have a new support worker"
    assert "Your new support worker is <strong>Sam Staying</strong> from Safe Haven Refuge." in (
        message.body_html
    )
    assert "They will help you from now on. You do not need to do anything." in message.body_html


def test_item_by_item_to_two_colleagues(world):
    first, second = world.action(), world.action()
    shown = {f"actions:{a.public_id}": str(a.version) for a in (first, second)}
    plan = reassignment.plan_items(
        world.admin,
        world.refuge,
        world.leaver,
        {
            f"actions:{first.public_id}": str(world.sam.public_id),
            f"actions:{second.public_id}": str(world.kim.public_id),
        },
        shown,
    )
    reassignment.reassign(world.admin, world.refuge, world.leaver, plan)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.owner, second.owner) == (world.sam, world.kim)


def test_a_stale_preview_moves_nothing(world):
    action = world.action()
    handover = world.handover()
    plan = reassignment.plan_everything(
        world.admin, world.refuge, world.leaver, world.sam.public_id
    )
    # Since the check page was shown, the leaver closed the action's description edit.
    action.description = "Call housing options today"
    action.version += 1
    action.save()
    with pytest.raises(ValidationError) as refused:
        reassignment.reassign(world.admin, world.refuge, world.leaver, plan)
    assert refused.value.messages == [reassignment.CHANGED_SINCE]
    handover.refresh_from_db()
    assert handover.handover_worker == world.leaver


def test_new_work_since_the_preview_moves_nothing(world):
    world.action()
    plan = reassignment.plan_everything(
        world.admin, world.refuge, world.leaver, world.sam.public_id
    )
    world.handover()
    with pytest.raises(ValidationError, match="Nothing was moved"):
        reassignment.reassign(world.admin, world.refuge, world.leaver, plan)


def test_a_colleague_whose_role_may_not_hold_the_work_is_refused(world):
    world.action()
    with pytest.raises(ValidationError) as refused:
        everything_to(world, world.auditor)
    assert refused.value.message_dict["everything_to"] == [
        "Ada Auditor cannot take open actions: their role does not allow it. Choose someone "
        "else, or hand on their work item by item"
    ]


def test_only_an_organisation_admin_hands_work_on(world):
    from django.core.exceptions import PermissionDenied

    world.action()
    with pytest.raises(PermissionDenied):
        reassignment.plan_everything(world.sam, world.refuge, world.leaver, world.kim.public_id)
