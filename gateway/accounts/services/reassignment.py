"""Handing a member of staff's open work to colleagues when they leave or change role
(docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md). An organisation admin plans the
moves (everything to one colleague, or item by item to several), sees them on a check page,
then confirms: every move is made in one transaction, each audited by the app that owns the
item, and the whole hand-on audited here. If anything changed since the check page was shown,
nothing moves and the admin is told to look again."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gateway.audit import services as audit
from gateway.core.permissions import require

from .. import holdings
from ..models import Membership, User

MANAGE_USERS = "accounts.manage_users"
CHANGED_SINCE = (
    "Nothing was moved. Something this person holds changed since you checked it (an item was "
    "closed, moved or added). Look at their work again and choose again."
)


def colleague_roles(organisation, leaver):
    """{user: set of active roles} for everyone else who works for the organisation, one
    query; system accounts hold no work."""
    found = {}
    memberships = (
        Membership.objects.filter(organisation=organisation, is_active=True)
        .exclude(user=leaver)
        .exclude(user__is_system_account=True)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__pk")
    )
    users = {}
    for membership in memberships:
        users[membership.user.pk] = membership.user
        found.setdefault(membership.user.pk, set()).add(str(membership.role))
    return {users[pk]: roles for pk, roles in found.items()}


def may_hold(roles, holding):
    return bool(set(roles) & {str(role) for role in holding.roles})


def colleagues_for(colleagues, holding):
    """The colleagues (from colleague_roles) who may hold this kind of item."""
    return [user for user, roles in colleagues.items() if may_hold(roles, holding)]


def _colleague(colleagues, public_id):
    for user in colleagues:
        if str(user.public_id) == str(public_id):
            return user
    return None


def _split(key):
    name, _, public_id = key.partition(":")
    return holdings.get(name), public_id


def plan_everything(actor, organisation, leaver, to_public_id):
    """Every open item the leaver holds, to one colleague who may hold every kind of it."""
    require(actor, MANAGE_USERS, organisation)
    colleagues = colleague_roles(organisation, leaver)
    to_user = _colleague(colleagues, to_public_id)
    if to_user is None:
        raise ValidationError({"everything_to": "Choose someone who works for your organisation"})
    moves = []
    for item in holdings.HeldItems(leaver, organisation)[:]:
        if not may_hold(colleagues[to_user], item.holding):
            raise ValidationError(
                {
                    "everything_to": f"{to_user.display_name} cannot take "
                    f"{item.holding.label.lower()}: their role does not allow it. Choose "
                    "someone else, or hand on their work item by item"
                }
            )
        moves.append([item.key, item.fingerprint, str(to_user.public_id)])
    if not moves:
        raise ValidationError("They hold no open work, so there is nothing to hand on")
    return {"everything": True, "moves": moves}


def plan_items(actor, organisation, leaver, choices, shown):
    """Item by item: choices is {item key: colleague public id} for the items given to
    someone; shown is {item key: fingerprint} of the items on the page the admin chose from."""
    require(actor, MANAGE_USERS, organisation)
    colleagues = colleague_roles(organisation, leaver)
    moves = []
    for key, to_public_id in choices.items():
        holding, _ = _split(key)
        to_user = _colleague(colleagues, to_public_id)
        if holding is None or key not in shown:
            raise ValidationError(CHANGED_SINCE, code="stale")
        if to_user is None or not may_hold(colleagues[to_user], holding):
            raise ValidationError(f"Choose a colleague whose role may hold {holding.label.lower()}")
        moves.append([key, shown[key], str(to_user.public_id)])
    if not moves:
        raise ValidationError("Choose who takes at least one item")
    return {"everything": False, "moves": moves}


def planned_items(organisation, leaver, plan):
    """[(item, colleague)] of a plan, read again now; an item no longer held is left out
    (reassign then refuses the whole plan)."""
    colleagues = {str(u.public_id): u for u in colleague_roles(organisation, leaver)}
    by_holding = {}
    for key, _, to_public_id in plan["moves"]:
        holding, public_id = _split(key)
        if holding is not None:
            by_holding.setdefault(holding, {})[public_id] = colleagues.get(to_public_id)
    found = []
    for holding, wanted in by_holding.items():
        for obj in holding.held(leaver, organisation).filter(public_id__in=list(wanted)):
            found.append((holdings.Item(holding, obj), wanted[str(obj.public_id)]))
    return found


def reassign(actor, organisation, leaver, plan):
    """Make every move of a plan from the check page, in one transaction, or none."""
    require(actor, MANAGE_USERS, organisation)
    if not plan.get("moves"):
        raise ValidationError("There is nothing to hand on. Choose who takes their work")
    colleagues = colleague_roles(organisation, leaver)
    by_id = {str(u.public_id): u for u in colleagues}
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=leaver.pk).first()
        expected = {key: (fingerprint, to) for key, fingerprint, to in plan["moves"]}
        now = {}
        for holding in holdings.holdings():
            held = holding.held(leaver, organisation)
            if not plan["everything"]:
                ids = [_split(k)[1] for k in expected if _split(k)[0] is holding]
                if not ids:
                    continue
                held = held.filter(public_id__in=ids)
            for obj in held.select_for_update(of=("self",)):
                item = holdings.Item(holding, obj)
                now[item.key] = item
        if set(now) != set(expected) or any(
            now[key].fingerprint != expected[key][0] for key in expected
        ):
            raise ValidationError(CHANGED_SINCE, code="stale")
        moved = {}
        for key, item in now.items():
            to_user = by_id.get(expected[key][1])
            if to_user is None or not may_hold(colleagues[to_user], item.holding):
                raise ValidationError(CHANGED_SINCE, code="stale")
            item.holding.reassign(actor, organisation, item.obj, to_user)
            moved.setdefault(item.holding.name, {}).setdefault(str(to_user.public_id), 0)
            moved[item.holding.name][str(to_user.public_id)] += 1
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=leaver,
            changed_fields=["holdings"],
            detail={"change": "work handed on", "moved": moved, "items": len(now)},
        )
    return len(now)
