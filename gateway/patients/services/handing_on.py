"""Handing on the contact routes that go through a worker when they leave or change role
(docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md): a person reached "through a named
support worker" is reached through the colleague from now on. Registered as a holding with
accounts (apps.py); the organisation admin's reassignment calls it inside its transaction.

The person's consent to be contacted through a worker is theirs: one that names the leaver is
not moved to the colleague, so such a route is not used (the message goes on to the person's
next route) until the person agrees to the colleague (hazard H53)."""

from gateway.accounts import holdings
from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged

from ..models import ContactRoute

# The roles that hand letters over to a person (gateway.comms.permissions.HANDS_OVER).
HANDS_OVER = frozenset({Role.SUPPORT_WORKER, Role.SAS_PRACTICE_STAFF, Role.PRACTICE_STAFF})


def routes_through(user, organisation):
    return (
        ContactRoute.objects.filter(
            kind=ContactRoute.Kind.VIA_WORKER,
            worker=user,
            worker_organisation=organisation,
            ended_at__isnull=True,
        )
        .select_related("patient")
        .order_by("patient__family_name", "pk")
    )


def describe_route(route):
    return f"Messages to {route.patient.display_name} go through them"


def hand_on_route(actor, organisation, route, to_user):
    save_if_unchanged(route, None, worker=to_user)
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        organisation=organisation,
        obj=route,
        patient=route.patient_id,
        changed_fields=["worker"],
        detail={"kind": route.kind, "change": "handed on", "to": str(to_user.public_id)},
    )


def register():
    holdings.register(
        holdings.Holding(
            name="contact_routes",
            label="Contact routes through them",
            roles=HANDS_OVER,
            held=routes_through,
            describe=describe_route,
            reassign=hand_on_route,
            order=20,
        )
    )
