"""Messages to a person, sent by their contact plan (ADR 0012).

``queue_for_patient`` writes one *routed* message in the caller's transaction, with what it
says rendered there and then for every channel. The worker then picks the first usable route
by the person's contact plan (gateway.patients.contact_plan), makes a *try* for it — a
letter to the route's address, a text, an email, or a "hand over in person" task for the
named worker's organisation or the practice — and sends it through the ordinary outbox (the
same claim-and-reference rules, so a try is never sent twice). A try that fails for good
(Notify refused it, permanent failure, returned letter, bounced email) moves the message on
to the next route; when no route is left the message, and so the person, is **unreachable**.

Each try is its own Message row (``parent`` = the routed message, ``route`` = the route it
took), so every route tried keeps its own reference, Notify id, status and attempts."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template import engines
from django.utils import timezone
from jinja2 import TemplateNotFound
from markupsafe import Markup

from gateway.audit import services as audit
from gateway.patients.models import (
    Address,
    ContactRoute,
    PatientRelationship,
)
from gateway.patients.queries import contact_plan_for

from . import audiences, outbox, rendering
from .addresses import validate_postal_address
from .delivery import deliver
from .models import DeliveryAttempt, Message, new_reference

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


# --- Writing ---------------------------------------------------------------------------------


def _has_template(path):
    try:
        engines["jinja2"].env.get_template(path)
    except TemplateNotFound:
        return False
    return True


def render_variants(key, context, easy_read=False):
    """What the message says, for every channel, rendered now (the context holds model
    objects, so it is not kept): the letter (subject and body, without the address, which
    depends on the route), and the template's own text and email if it has them."""
    # The person needs easy read: their letter's Easy Read variant (tests/test_easy_read.py).
    variant = rendering.easy_read_template(key) if easy_read else None
    module = rendering.template_module(variant or f"letters/{key}.jinja", context)
    body = str(module)
    subject = str(getattr(module, "subject", "") or rendering.first_heading(body))[:300]
    variants = {"text": None, "email": None}
    if _has_template(f"texts/{key}.jinja"):
        variants["text"] = rendering.render_text(key, context)
    if _has_template(f"emails/{key}.jinja"):
        email_subject, email_body = rendering.render_email(key, context)
        variants["email"] = {"subject": email_subject, "body": email_body}
    return subject, body, variants


class MissingContactDetails(ValidationError):
    """A letter to the person would print the commissioner's contact details (how to appeal,
    send a form back or ask a question) but the commissioner's record lacks some of them."""


def contact_gap_message(commissioner, gaps):
    return (
        f"Nothing was saved. The letter to the person must tell them how to contact "
        f"{commissioner.name}, but its organisation record has no {_and(gaps)} for appeals. "
        "A commissioner can add them on the Organisations page. Then try again."
    )


def _and(items):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def require_contact_details(key, context):
    """Refuse a letter that promises the commissioner's contact details while the record
    lacks any of them: a person told to appeal must be told where."""
    if not audiences.promises_commissioner_contact(key):
        return
    commissioner = context.get("commissioner") or getattr(
        context.get("episode"), "commissioner", None
    )
    if commissioner is None:
        raise ValueError(f"The {key} letter needs the commissioner in its context")
    gaps = commissioner.appeal_contact_gaps()
    if gaps:
        raise MissingContactDetails(
            contact_gap_message(commissioner, gaps), code="missing_contact_details"
        )


def queue_for_patient(actor, organisation, *, patient, template, context, related=None):
    """Write a message to the person into the outbox, inside the caller's transaction. The
    worker picks the route after the commit, by the contact plan as it is then. Raises
    MissingContactDetails (nothing is written) when the letter would print contact details
    the commissioner's record lacks."""
    outbox.require_transaction()
    key = rendering.template_key(template)
    require_contact_details(key, context)
    subject, body, variants = render_variants(key, context, easy_read=patient.needs_easy_read)
    return outbox.create_message(
        actor,
        organisation,
        kind=Kind.ROUTED,
        template=key,
        patient=patient,
        related=related,
        subject=subject,
        body_html=body,
        variants=variants,
    )


# --- The contact plan at send time -----------------------------------------------------------


def load_plan(patient, on_date):
    """Every route with its check, first choice first: the person's contact plan as the
    patient record and their own page show it (gateway.patients.queries.contact_plan_for).
    With no contact routes recorded at all, the person's current address stands in as a
    postal route (so letters keep going where they went before contact plans existed); the
    same checks apply to it, so a no-fixed-abode address is never posted to."""
    return contact_plan_for(patient, on_date=on_date)


def route_key(route):
    return route.pk or CURRENT_ADDRESS


def _route_kind(route):
    return route.kind if route.pk else CURRENT_ADDRESS


def _helpers(checks):
    """Who can give the person a letter or read it with them: the organisations on their
    usable worker and in-person routes, in their order."""
    names = []
    for check in checks:
        if not check.usable:
            continue
        org = check.route.worker_organisation or check.route.in_person_organisation
        kind = check.route.kind
        if kind in (RouteKind.VIA_WORKER, RouteKind.IN_PERSON) and org and org.name not in names:
            names.append(org.name)
    return names


def _sas_practices(patient):
    """The person's SAS practice (an active link to an organisation that is one)."""
    return list(
        PatientRelationship.objects.filter(
            patient=patient, is_active=True, organisation__is_sas_practice=True
        )
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
        .distinct()
    )


def _notice(parent, checks, kind):
    """A text or email for a message that only has a letter: that there is a letter, and how
    to get it (their worker, their SAS practice, the sender). It never says what the letter is
    about (the phone or inbox may be shared)."""
    helpers = _helpers(checks)
    helpers += [name for name in _sas_practices(parent.patient) if name not in helpers]
    context = {"helpers": helpers, "sender": parent.created_for}
    if kind == "text":
        return "", rendering.render_text("comms/letter_waiting", context)
    return rendering.render_email("comms/letter_waiting", context)


def printable_address(patient):
    """The person's name and current postal address when it is complete enough to post to
    (the same rules as a posted letter); otherwise their name and a line saying the letter
    is to be given by hand, never a name alone in the address window."""
    address = (
        Address.objects.filter(patient=patient, is_current=True)
        .select_related("care_of_organisation")
        .first()
    )
    try:
        return validate_postal_address([patient.full_name, *(address.lines if address else [])])
    except ValidationError:
        return [patient.full_name, "To be given by hand: not for posting"]


def wrap_letter(parent, address_lines, reference):
    safe_body = Markup(parent.body_html)  # noqa: S704 - rendered by an autoescaping template
    return (
        engines["jinja2"]
        .env.get_template("letters/letter.jinja")
        .render(
            body=safe_body,
            subject=parent.subject,
            address_lines=address_lines,
            sender=parent.created_for,
            reference=reference,
            today=timezone.localdate(),
        )
    )


def _build_try(parent, check, checks):
    """The try for one usable route (unsaved), or why it cannot be used (a string)."""
    route = check.route
    patient = parent.patient
    reference = new_reference()
    fields = {
        "template": parent.template,
        "patient": patient,
        "created_by": parent.created_by,
        "created_for": parent.created_for,
        "related_type": parent.related_type,
        "related_id": parent.related_id,
        "parent": parent,
        "route": route if route.pk else None,
        "route_kind": _route_kind(route),
        "reference": reference,
        "status": Status.QUEUED,
        "status_changed_at": timezone.now(),
    }
    if route.kind == RouteKind.MOBILE:
        body = parent.variants.get("text") or _notice(parent, checks, "text")[1]
        return Message(kind=Kind.TEXT, phone_number=route.phone_number, body_text=body, **fields)
    if route.kind == RouteKind.EMAIL:
        email = parent.variants.get("email")
        subject, body = (
            (email["subject"], email["body"]) if email else _notice(parent, checks, "email")
        )
        return Message(
            kind=Kind.EMAIL,
            email_address=route.email_address,
            subject=subject,
            body_text=body,
            **fields,
        )
    if route.kind == RouteKind.POSTAL:
        try:
            lines = validate_postal_address([patient.full_name, *route.address.lines])
        except ValidationError as error:
            return error.messages[0]
        return Message(
            kind=Kind.LETTER,
            address_lines=lines,
            subject=parent.subject,
            body_html=wrap_letter(parent, lines, reference),
            **fields,
        )
    # Through a named worker, or in person at the practice: a task for people, not Notify.
    organisation = (
        route.worker_organisation
        if route.kind == RouteKind.VIA_WORKER
        else route.in_person_organisation
    )
    lines = [patient.full_name, f"Given by hand by {organisation.name}"]
    fields["status"] = Status.TO_HAND_OVER
    return Message(
        kind=Kind.IN_PERSON,
        address_lines=lines,
        subject=parent.subject,
        body_html=wrap_letter(parent, lines, reference),
        handover_organisation=organisation,
        handover_worker=route.worker if route.kind == RouteKind.VIA_WORKER else None,
        **fields,
    )


# --- Moving along the routes -----------------------------------------------------------------


def _note(message, outcome, *, error="", route=None, route_kind=""):
    DeliveryAttempt.objects.create(
        message=message,
        channel=PLAN_CHANNEL,
        outcome=outcome,
        error=error[:300],
        route=route if route is not None and route.pk else None,
        route_kind=route_kind,
    )


def _set(message, status):
    message.status = status
    message.status_changed_at = timezone.now()
    message.save(update_fields=["status", "status_changed_at"])


def _unreachable(parent):
    _set(parent, Status.UNREACHABLE)
    _note(parent, Outcome.FAILED, error="No route left to try: the person could not be reached.")
    audit.record(
        audit.Action.STATE_CHANGE,
        actor=None,
        organisation=parent.created_for,
        obj=parent,
        patient=parent.patient_id,
        changed_fields=["status"],
        detail={"status": Status.UNREACHABLE, "template": parent.template},
    )
    logger.warning("Message %s: no usable route left (unreachable)", parent.public_id)


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
            _unreachable(parent)
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
            kind = _route_kind(check.route)
            if key in tried:
                continue
            made = _build_try(parent, check, checks) if check.usable else check.reason
            if isinstance(made, str):
                if key not in noted:
                    _note(parent, Outcome.SKIPPED, error=made, route=check.route, route_kind=kind)
                continue
            made.save()
            _note(
                parent,
                Outcome.ROUTED,
                error=f"Trying: {route_label(kind)}",
                route=check.route,
                route_kind=kind,
            )
            _set(parent, made.status)
            return made.pk if made.status == Status.QUEUED else None
        _unreachable(parent)
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
            _set(parent, Status.DELIVERED)
            return False
        latest_id = parent.tries.order_by("-id").values_list("id", flat=True).first()
        if latest_id != try_id:
            return False  # an older try: the message has moved on already
        if row["status"] in Message.ROUTE_FAILED:
            _set(parent, Status.QUEUED)
            return True
        if row["status"] == Status.HELD_IN_OUTBOX:
            parent.hold_reason = row["hold_reason"]
            parent.save(update_fields=["hold_reason"])
        if parent.status != row["status"]:
            _set(parent, row["status"])
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


# --- Handing over ----------------------------------------------------------------------------


class HandoverError(ValidationError):
    pass


def _route_refusal(handover):
    """Why the hand-over's route may not carry it today (the contact plan as it is now), or
    "" when it still may."""
    for check in load_plan(handover.patient, timezone.localdate()):
        if check.route.pk is not None and check.route.pk == handover.route_id:
            return check.reason
    return "This route is no longer in the person's contact plan."


def confirm_handover(actor, organisation, message, handed_over_on, expected_status=None):
    """The worker or practice gave the letter to the person: delivery is complete."""
    if not actor.has_perm("comms.hand_over", organisation):
        # Only someone who hands things over in that organisation (fails closed).
        raise HandoverError("This is not yours to hand over.")
    today = timezone.localdate()
    if handed_over_on is None:
        raise HandoverError({"handed_over_on": "Enter the date you handed it over"})
    if handed_over_on > today:
        raise HandoverError({"handed_over_on": "The date must be today or in the past"})
    if handed_over_on < message.created_at.astimezone(timezone.get_current_timezone()).date():
        raise HandoverError(
            {"handed_over_on": "The date must be on or after the day the message was written"}
        )
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update()
            .defer("pdf")
            .filter(pk=message.pk, handover_organisation=organisation, kind=Kind.IN_PERSON)
            .first()
        )
        if locked is None:
            raise HandoverError("This is not yours to hand over.")
        if locked.status != Status.TO_HAND_OVER:
            raise HandoverError("This has already been handed over or is no longer needed.")
        refused = _route_refusal(locked)
        if refused:
            # The plan changed after the task was made (consent ended, the route was ended
            # or marked never): this route may not carry it now, so the message moves on.
            _set(locked, Status.CANCELLED)
            _note(
                locked,
                Outcome.FAILED,
                error=f"Not handed over: {refused}",
                route=locked.route,
                route_kind=locked.route_kind,
            )
            audit.record(
                audit.Action.STATE_CHANGE,
                actor=actor,
                organisation=organisation,
                obj=locked,
                patient=locked.patient_id,
                changed_fields=["status"],
                detail={"status": Status.CANCELLED, "route_no_longer_usable": True},
            )
            after_status_change(locked)
        else:
            _hand_over(actor, organisation, locked, handed_over_on)
    if refused:
        # Raised after the commit: the cancelled task and the move on are kept.
        raise HandoverError(
            f"This can no longer be handed over this way: {refused} Gateway will try the "
            "next way to reach the person in their contact plan."
        )
    return locked


def _hand_over(actor, organisation, locked, handed_over_on):
    locked.status = Status.DELIVERED
    locked.status_changed_at = timezone.now()
    locked.handed_over_on = handed_over_on
    locked.handed_over_by = actor
    locked.save(update_fields=["status", "status_changed_at", "handed_over_on", "handed_over_by"])
    DeliveryAttempt.objects.create(
        message=locked,
        channel="hand-over",
        outcome=Outcome.HANDED_OVER,
        error=f"Handed over on {handed_over_on.isoformat()}",
        route_id=locked.route_id,
        route_kind=locked.route_kind,
    )
    audit.record(
        audit.Action.STATE_CHANGE,
        actor=actor,
        organisation=organisation,
        obj=locked,
        patient=locked.patient_id,
        changed_fields=["status", "handed_over_on"],
        detail={"status": Status.DELIVERED, "handed_over_on": handed_over_on.isoformat()},
    )
    sync_parent(locked.pk)


def try_again(actor, organisation, message):
    """Staff fixed the person's contact plan: the unreachable message tries the routes not
    tried yet (a route that failed is not tried again)."""
    if not actor.has_perm("comms.view_unreachable", organisation):
        # Only someone who works the unreachable list in that organisation (fails closed).
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Message.objects.select_for_update()
            .defer("pdf")
            .filter(pk=message.pk, kind=Kind.ROUTED)
            .first()
        )
        if locked is None or locked.status != Status.UNREACHABLE:
            raise ValidationError("This message is no longer waiting for a new route.")
        _set(locked, Status.QUEUED)
        _note(locked, Outcome.ROUTED, error="Staff asked Gateway to try again")
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=locked,
            patient=locked.patient_id,
            changed_fields=["status"],
            detail={"status": Status.QUEUED, "try_again": True},
        )
        message_id = locked.pk
        transaction.on_commit(lambda: outbox.start_sending(message_id))
    return locked
