"""Moving a message to a person along their contact plan (ADR 0012).

``queue_for_patient`` writes one *routed* message in the caller's transaction, with what it
says rendered there and then for every channel. The worker then picks the first usable route
by the person's contact plan (gateway.patients.rules.contact), makes a *try* for it — a
letter to the route's address, a text, an email, or a "hand over in person" task for the
named worker's organisation or the practice — and sends it through the ordinary outbox (the
same claim-and-reference rules, so a try is never sent twice). A try that fails for good
(Notify refused it, permanent failure, returned letter, bounced email) moves the message on
to the next route; when no route is left the message, and so the person, is **unreachable**.

Each try is its own Message row (``parent`` = the routed message, ``route`` = the route it
took), so every route tried keeps its own reference, Notify id, status and attempts."""

from django.db import transaction
from django.utils import timezone

from .. import outbox
from ..delivery import deliver
from ..models import Message
from .common import (
    FINISHED,
    MAX_TRIES,
    Kind,
    Outcome,
    Status,
    load_plan,
    note,
    route_key,
    route_kind_of,
    route_label,
    set_status,
)
from .tries import build_try
from .unreachable import mark_unreachable


def next_try(parent_id):
    """With the routed message locked: the id of the try to send now, or None (finished,
    waiting for a status or a hand-over, or unreachable). Makes the next try when the last one
    failed; safe to call any number of times (a try that exists is never made again)."""
    with transaction.atomic():
        parent = (
            Message.objects.select_for_update(of=("self",))
            .select_related("patient", "created_for", "created_by")
            .defer("pdf")
            .filter(pk=parent_id, kind=Kind.ROUTED)
            .first()
        )
        if parent is None or parent.status in FINISHED:
            return None
        tries = list(parent.tries.only("id", "status", "kind", "route_id", "route_kind"))
        latest = max(tries, key=lambda t: t.pk, default=None)
        if latest is not None and latest.status not in Message.ROUTE_FAILED:
            return latest.pk if latest.status == Status.QUEUED else None
        if len(tries) >= MAX_TRIES or parent.patient is None:
            mark_unreachable(parent)
            return None
        tried = {t.route_id or t.route_kind for t in tries}
        noted = {
            a.route_id or a.route_kind
            for a in parent.attempts_made.filter(outcome=Outcome.SKIPPED).only(
                "route_id", "route_kind"
            )
        }
        checks = load_plan(parent.patient, timezone.localdate())
        for check in checks:
            key = route_key(check.route)
            kind = route_kind_of(check.route)
            if key in tried:
                continue
            made = build_try(parent, check, checks) if check.usable else check.reason
            if isinstance(made, str):
                if key not in noted:
                    note(parent, Outcome.SKIPPED, error=made, route=check.route, route_kind=kind)
                continue
            made.save()
            note(
                parent,
                Outcome.ROUTED,
                error=f"Trying: {route_label(kind)}",
                route=check.route,
                route_kind=kind,
            )
            set_status(parent, made.status)
            return made.pk if made.status == Status.QUEUED else None
        mark_unreachable(parent)
        return None


def sync_parent(try_id):
    """After a try's status changed: the routed message shows it. Returns True when the try
    failed and the message must move on to the next route."""
    row = Message.objects.filter(pk=try_id).values("parent_id", "status", "hold_reason").first()
    if row is None or row["parent_id"] is None:
        return False
    with transaction.atomic():
        parent = (
            Message.objects.select_for_update().defer("pdf").filter(pk=row["parent_id"]).first()
        )
        if parent is None or parent.status in FINISHED:
            return False
        if row["status"] == Status.DELIVERED:
            set_status(parent, Status.DELIVERED)
            return False
        latest_id = parent.tries.order_by("-id").values_list("id", flat=True).first()
        if latest_id != try_id:
            return False  # an older try: the message has moved on already
        if row["status"] in Message.ROUTE_FAILED:
            set_status(parent, Status.QUEUED)
            return True
        if row["status"] == Status.HELD_IN_OUTBOX:
            parent.hold_reason = row["hold_reason"]
            parent.save(update_fields=["hold_reason"])
        if parent.status != row["status"]:
            set_status(parent, row["status"])
    return False


def advance(parent_id):
    """Send the routed message on its current route, moving on while routes fail. Returns
    seconds until a retry is due (the try is rescheduled), or None."""
    for _ in range(MAX_TRIES + 1):
        try_id = next_try(parent_id)
        if try_id is None:
            return None
        delay = deliver(try_id)
        moved_on = sync_parent(try_id)
        if delay is not None:
            outbox.start_sending(try_id, delay)
            return delay
        if not moved_on:
            return None
    return None


def after_status_change(message):
    """A delivery status arrived (callback or polling) for a message that may be a try."""
    if message is None or message.parent_id is None:
        return
    if sync_parent(message.pk):
        # Enqueued in the same transaction as the status: with the database task backend
        # the task row commits with it, so the move to the next route cannot be lost.
        outbox.start_sending(message.parent_id)
