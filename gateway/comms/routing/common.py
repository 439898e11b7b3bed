"""What every part of routing shares: the statuses and route kinds, the route labels staff
read, the contact plan as it is at send time, and the notes kept on a routed message (one
delivery attempt row per step)."""

import logging

from django.utils import timezone

from gateway.patients.models import ContactRoute
from gateway.patients.queries import contact_plan_for

from ..models import DeliveryAttempt, Message

logger = logging.getLogger(__name__)
Kind = Message.Kind
Status = Message.Status
Outcome = DeliveryAttempt.Outcome
RouteKind = ContactRoute.Kind

CURRENT_ADDRESS = "current_address"
PLAN_CHANNEL = "contact-plan"
# A message stops being moved on after this many tries (a plan never has this many routes).
MAX_TRIES = 20
# A routed message is finished in these statuses: nothing more is sent for it.
FINISHED = frozenset({Status.DELIVERED, Status.UNREACHABLE, Status.CANCELLED})
ROUTE_LABELS = {
    RouteKind.MOBILE: "Text message",
    RouteKind.EMAIL: "Email",
    RouteKind.POSTAL: "Letter by post",
    RouteKind.VIA_WORKER: "Handed over by their support worker",
    RouteKind.IN_PERSON: "Handed over in person at the practice",
    CURRENT_ADDRESS: "Letter to their current address (no contact plan recorded)",
}


def route_label(kind):
    return ROUTE_LABELS.get(kind, kind)


def load_plan(patient, on_date):
    """Every route with its check, first choice first: the person's contact plan as the
    patient record and their own page show it (gateway.patients.queries.contact_plan_for).
    With no contact routes recorded at all, the person's current address stands in as a
    postal route (so letters keep going where they went before contact plans existed); the
    same checks apply to it, so a no-fixed-abode address is never posted to."""
    return contact_plan_for(patient, on_date=on_date)


def route_key(route):
    return route.pk or CURRENT_ADDRESS


def route_kind_of(route):
    return route.kind if route.pk else CURRENT_ADDRESS


def note(message, outcome, *, error="", route=None, route_kind=""):
    DeliveryAttempt.objects.create(
        message=message,
        channel=PLAN_CHANNEL,
        outcome=outcome,
        error=error[:300],
        route=route if route is not None and route.pk else None,
        route_kind=route_kind,
    )


def set_status(message, status):
    message.status = status
    message.status_changed_at = timezone.now()
    message.save(update_fields=["status", "status_changed_at"])
