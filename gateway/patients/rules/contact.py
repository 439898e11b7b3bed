"""The contact plan: which of a person's contact routes may carry a message, in their order
of preference (docs/domain/multiple-disadvantage.md#safe-contact DASH safe contact,
docs/domain/external-services.md#govuk-notify Notify).

Pure rules over plain values: callers (the outbox worker, the patient page, the portal) load
the routes, flags and consents and ask here. A route is usable only when every check passes;
each refusal says why in plain words so staff can fix the plan."""

from dataclasses import dataclass

from ..models import Consent, ContactRoute, PatientFlag

Kind = ContactRoute.Kind

# Channels that send something to an address someone else might read. "Never send here" and
# the do-not-send-letters flag stop them; in-person and worker routes are people, not places.
_POSTAL_FLAG = PatientFlag.Kind.DO_NOT_SEND_LETTERS


@dataclass(frozen=True)
class RouteCheck:
    route: ContactRoute
    usable: bool
    reason: str = ""


def _address_reason(route):
    address = route.address
    if address is None:
        return "There is no address for this route."
    if address.kind == address.Kind.NO_FIXED_ABODE:
        return "No fixed abode: letters cannot be posted to this person."
    if not address.is_current:
        return "This is not the person's current address."
    if not address.postcode:
        return "The address has no postcode, so a letter cannot be posted."
    return ""


def _worker_consent_in_force(route, consents, on_date):
    return any(
        c.purpose == Consent.Purpose.CONTACT_THROUGH_WORKER
        and c.organisation_id == route.worker_organisation_id
        and (c.worker_id is None or c.worker_id == route.worker_id)
        and c.is_in_force(on_date)
        for c in consents
    )


def check_route(route, *, flag_kinds, consents, on_date):
    """Why this route may not be used today, or usable."""
    if route.ended_at is not None:
        return RouteCheck(route, False, "This route was ended.")
    if route.awaiting_staff_confirmation:
        return RouteCheck(route, False, "The person added this; staff have not confirmed it yet.")
    if route.safety == ContactRoute.Safety.NEVER:
        return RouteCheck(route, False, "Marked never to send here.")
    reason = ""
    if route.kind == Kind.MOBILE and not route.phone_number:
        reason = "There is no mobile number."
    elif route.kind == Kind.EMAIL and not route.email_address:
        reason = "There is no email address."
    elif route.kind == Kind.POSTAL:
        reason = _address_reason(route)
        if not reason and _POSTAL_FLAG in flag_kinds:
            reason = "The person's record says: do not send letters."
    elif route.kind == Kind.VIA_WORKER:
        if route.worker_id is None or route.worker_organisation_id is None:
            reason = "No worker is named for this route."
        elif not _worker_consent_in_force(route, consents, on_date):
            reason = "The person's consent to be contacted through this worker is not in force."
    elif route.kind == Kind.IN_PERSON and route.in_person_organisation_id is None:
        reason = "No practice is named for handing things over in person."
    return RouteCheck(route, not reason, reason)


def plan(routes, *, flag_kinds, consents, on_date):
    """Every route with its check, in the person's order of preference (open routes first)."""
    ordered = sorted(
        routes, key=lambda r: (r.ended_at is not None, r.preference, r.created_at, r.pk or 0)
    )
    return [
        check_route(r, flag_kinds=frozenset(flag_kinds), consents=consents, on_date=on_date)
        for r in ordered
    ]


def usable_routes(routes, *, flag_kinds, consents, on_date):
    """The routes a message may take, first choice first. Empty means unreachable."""
    return [
        c.route
        for c in plan(routes, flag_kinds=flag_kinds, consents=consents, on_date=on_date)
        if c.usable
    ]
