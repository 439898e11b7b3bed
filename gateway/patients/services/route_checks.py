"""What a contact route may be: its details cleaned from what was typed (a UK mobile, an email
address, one of the person's own current addresses, a worker of the chosen organisation, a GP
practice), its safety and note, and no second open route that goes to the same place. Each
refusal names its field in plain words."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gateway.accounts.models import Membership, Organisation

from .. import rules
from ..models import Address, ContactRoute

Kind = ContactRoute.Kind
Safety = ContactRoute.Safety

# Which fields each kind of route uses; the others are cleared so an edit that changes the
# kind never leaves an old number or address behind.
KIND_FIELDS = {
    Kind.MOBILE: ("phone_number",),
    Kind.EMAIL: ("email_address",),
    Kind.POSTAL: ("address",),
    Kind.VIA_WORKER: ("worker", "worker_organisation"),
    Kind.IN_PERSON: ("in_person_organisation",),
}
DETAIL_FIELDS = (
    "phone_number",
    "email_address",
    "address",
    "worker",
    "worker_organisation",
    "in_person_organisation",
)
BLANK = {
    "phone_number": "",
    "email_address": "",
    "address": None,
    "worker": None,
    "worker_organisation": None,
    "in_person_organisation": None,
}
EDITABLE = (*DETAIL_FIELDS, "kind", "safety", "safety_note")

NEVER_NOTE_NEEDED = (
    "Say why this route must never be used, for example: the phone belongs to the person "
    "who harms them"
)


def clean_route(patient, data):
    """Model values for a route from form data, or ValidationError naming each field."""
    errors = {}
    kind = data.get("kind")
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose how to contact the person"})
    values = {**BLANK, "kind": kind}
    if kind == Kind.MOBILE:
        number = rules.normalise_uk_mobile(data.get("phone_number"))
        if not data.get("phone_number"):
            errors["phone_number"] = "Enter a mobile number"
        elif number is None:
            errors["phone_number"] = (
                "Enter a UK mobile number, like 07700 900123 or +44 7700 900123"
            )
        values["phone_number"] = number or ""
    elif kind == Kind.EMAIL:
        email = (data.get("email_address") or "").strip()
        try:
            if not email:
                raise ValidationError("Enter an email address")
            validate_email(email)
        except ValidationError:
            errors["email_address"] = (
                "Enter an email address in the right format, like name@example.com"
                if email
                else "Enter an email address"
            )
        local, _, domain = email.rpartition("@")
        values["email_address"] = f"{local}@{domain.lower()}" if local else email
    elif kind == Kind.POSTAL:
        address = data.get("address")
        if address is None:
            errors["address"] = "Choose the address to send letters to"
        elif address.patient_id != patient.pk:
            errors["address"] = "Choose one of the person's own addresses"
        elif address.kind == Address.Kind.NO_FIXED_ABODE:
            errors["address"] = (
                "The person has no fixed abode, so letters cannot be posted. Add a care-of "
                "address on their details, or choose another way to reach them"
            )
        elif not address.is_current:
            errors["address"] = "Choose the person's current address"
        elif not address.postcode:
            errors["address"] = "This address has no postcode, so a letter cannot be posted"
        values["address"] = address
    elif kind == Kind.VIA_WORKER:
        worker = data.get("worker")
        worker_organisation = data.get("worker_organisation")
        if worker_organisation is None:
            errors["worker_organisation"] = "Choose the organisation the worker is in"
        if worker is None:
            errors["worker"] = "Choose the worker"
        elif worker_organisation is not None and not is_member(worker, worker_organisation):
            errors["worker"] = (
                f"{worker.display_name} does not work for {worker_organisation.name}: "
                "choose someone who does"
            )
        values["worker"] = worker
        values["worker_organisation"] = worker_organisation
    elif kind == Kind.IN_PERSON:
        practice = data.get("in_person_organisation")
        if practice is None:
            errors["in_person_organisation"] = "Choose the practice where the person is seen"
        elif practice.kind != Organisation.Kind.GP_PRACTICE:
            errors["in_person_organisation"] = "Choose a GP practice"
        values["in_person_organisation"] = practice
    safety = data.get("safety") or Safety.SAFE
    if safety not in Safety.values:
        errors["safety"] = "Choose whether this route is safe to use"
    note = (data.get("safety_note") or "").strip()
    if safety == Safety.NEVER and not note:
        errors["safety_note"] = NEVER_NOTE_NEEDED
    if len(note) > 300:
        errors["safety_note"] = "The note must be 300 characters or fewer"
    values["safety"] = safety
    values["safety_note"] = note
    if errors:
        raise ValidationError(errors)
    return values


def is_member(user, organisation):
    return Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, user__is_active=True
    ).exists()


TEXT_FIELDS = ("phone_number", "email_address")


def _route_key(kind, value_of):
    """What makes two routes the same: the kind and where it goes."""
    return (kind, *(value_of(name) for name in KIND_FIELDS[kind]))


def _same_route(values, route):
    new = _route_key(
        values["kind"],
        lambda n: values[n] if n in TEXT_FIELDS else getattr(values[n], "pk", None),
    )
    old = _route_key(
        route.kind,
        lambda n: getattr(route, n) if n in TEXT_FIELDS else getattr(route, f"{n}_id"),
    )
    return new == old


def refuse_duplicate(patient, values, exclude=None):
    open_routes = patient.contact_routes.filter(ended_at__isnull=True)
    if exclude is not None:
        open_routes = open_routes.exclude(pk=exclude.pk)
    if any(_same_route(values, route) for route in open_routes):
        raise ValidationError("This route is already in the person's contact plan")
