"""What the person does on their own page, each through the rules of the
part it belongs to, with the person (PortalActor) as the actor:

- lodge an appeal: gateway.sas.services.appeals.lodge_own_appeal
- send their view for the next review: gateway.sas.services.reviews.record_own_view
- say how they want to be contacted: new contact routes marked as the person's own and
  waiting for staff to confirm them (contact_plan never uses them before that)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from gateway.audit import services as audit
from gateway.patients.models import ContactRoute, Patient
from gateway.patients.rules import normalise_uk_mobile
from gateway.sas.services.appeals import lodge_own_appeal
from gateway.sas.services.reviews import record_own_view

__all__ = ["lodge_own_appeal", "record_own_view", "suggest_contact_routes", "uk_mobile"]


def uk_mobile(typed):
    """A UK mobile number as the patients part writes it, or "" if it is not one."""
    return normalise_uk_mobile(typed) or ""


def suggest_contact_routes(person, data):
    """New ways to reach the person, as they asked. data: phone_number, email_address (at
    least one), use_first (bool), shared (bool: someone else uses this phone or inbox).
    Each becomes a contact route confirmed by the patient and waiting for staff to confirm
    it; until then no message is sent there. Returns the new routes."""
    errors = {}
    typed_phone = (data.get("phone_number") or "").strip()
    typed_email = (data.get("email_address") or "").strip()
    phone = uk_mobile(typed_phone) if typed_phone else ""
    if typed_phone and not phone:
        errors["phone_number"] = "Enter a UK mobile number, like 07700 900123"
    if typed_email:
        try:
            validate_email(typed_email)
        except ValidationError:
            errors["email_address"] = "Enter an email address, like name@example.com"
    if not typed_phone and not typed_email:
        errors["phone_number"] = "Enter a mobile number or an email address"
    if errors:
        raise ValidationError(errors)
    patient = person.patient
    session = person.session
    if session.ended_at is not None or session.patient_id != patient.pk:
        raise ValidationError("Sign in again to change how we contact you.")
    today = timezone.localdate()
    wanted = []
    if phone:
        wanted.append({"kind": ContactRoute.Kind.MOBILE, "phone_number": phone})
    if typed_email:
        wanted.append({"kind": ContactRoute.Kind.EMAIL, "email_address": typed_email})
    with transaction.atomic():
        # One change to a person's routes at a time, as gateway.patients.services.contact.
        Patient.objects.select_for_update().get(pk=patient.pk)
        open_routes = ContactRoute.objects.filter(patient=patient, ended_at__isnull=True)
        if data.get("use_first"):
            open_routes.update(preference=F("preference") + len(wanted), version=F("version") + 1)
            first = 1
        else:
            first = (open_routes.aggregate(top=Max("preference"))["top"] or 0) + 1
        created = []
        for offset, values in enumerate(wanted):
            route = ContactRoute.objects.create(
                patient=patient,
                preference=first + offset,
                safety=ContactRoute.Safety.SHARED
                if data.get("shared")
                else ContactRoute.Safety.SAFE,
                safety_note="The person said someone else uses this." if data.get("shared") else "",
                last_confirmed_on=today,
                confirmed_by_patient=True,
                awaiting_staff_confirmation=True,
                **values,
            )
            audit.record(
                audit.Action.CREATE,
                actor=person,
                obj=route,
                patient=patient,
                changed_fields=["kind", "preference", "awaiting_staff_confirmation"],
                detail={
                    "portal": True,
                    "kind": route.kind,
                    "use_first": bool(data.get("use_first")),
                },
            )
            created.append(route)
    return created
