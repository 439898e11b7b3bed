"""The try for one route of a person's contact plan: a letter to the route's address, a text,
an email, or a "hand over in person" task for the named worker's organisation or the
practice. A text or email for a message that only has a letter says only that there is a
letter and how to get it."""

from django.core.exceptions import ValidationError
from django.template import engines
from django.utils import timezone
from markupsafe import Markup

from gateway.patients.models import Address, PatientRelationship

from .. import rendering
from ..addresses import validate_postal_address
from ..models import Message, new_reference
from .common import Kind, RouteKind, Status, route_kind_of


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


def build_try(parent, check, checks):
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
        "route_kind": route_kind_of(route),
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
