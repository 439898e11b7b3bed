"""Changing how a person is reached: their contact routes, in their order of preference
(docs/domain/multiple-disadvantage.md#safe-contact DASH safe contact,
docs/domain/external-services.md#govuk-notify Notify).

Every function checks permission, validates, writes in one transaction and records an audit
row (no numbers, emails or addresses in the audit detail: only kinds and marks). Changes to
one person's routes are serialised by locking the patient row, so preferences stay unique
among open routes (1 is the first choice, then 2, 3, ... with no gaps)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit

from ..models import ContactRoute, Patient
from .patients import ConflictError, require_change, save_or_conflict
from .route_checks import DETAIL_FIELDS, EDITABLE, clean_route, refuse_duplicate


def _lock(patient):
    """One change to a person's routes at a time (the preference order must stay whole)."""
    return Patient.objects.select_for_update().get(pk=patient.pk)


def _open_routes(patient):
    return list(
        ContactRoute.objects.filter(patient=patient, ended_at__isnull=True).order_by(
            "preference", "created_at", "id"
        )
    )


def _renumber(patient, order=None):
    """Give the open routes preferences 1, 2, 3 ... in the order given (or their current
    order). Routes the person added on their own page join the order the same way."""
    for position, route in enumerate(order or _open_routes(patient), start=1):
        if route.preference != position:
            ContactRoute.objects.filter(pk=route.pk).update(preference=position)
            route.preference = position


def _fresh(route):
    return ContactRoute.objects.select_related(
        "address__care_of_organisation",
        "worker",
        "worker_organisation",
        "in_person_organisation",
        "confirmed_by",
    ).get(pk=route.pk)


def _check_version(route, expected_version):
    if route.version != expected_version:
        raise ConflictError(_fresh(route))


def _audit(action, actor, organisation, route, changed, **detail):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=route,
        patient=route.patient_id,
        changed_fields=changed,
        detail={"kind": route.kind, "safety": route.safety, **detail},
    )


def _open_route(route):
    if route.ended_at is not None:
        raise ValidationError("This route has been ended: add a new one instead")


def add_route(actor, organisation, patient, data):
    """Add a route as the person's last choice. ``data["confirmed"]``: the actor checked it
    with the person today, so it counts as confirmed today by them."""
    with transaction.atomic():
        require_change(actor, organisation, patient)
        patient = _lock(patient)
        values = clean_route(patient, data)
        refuse_duplicate(patient, values)
        open_routes = _open_routes(patient)
        _renumber(patient, open_routes)
        confirmed = bool(data.get("confirmed"))
        route = ContactRoute.objects.create(
            patient=patient,
            preference=len(open_routes) + 1,
            added_by=actor,
            added_by_organisation=organisation,
            last_confirmed_on=timezone.localdate() if confirmed else None,
            confirmed_by=actor if confirmed else None,
            **values,
        )
        _audit(audit.Action.CREATE, actor, organisation, route, [*EDITABLE, "preference"])
        return route


def update_route(actor, organisation, route, data, expected_version):
    """Change a route's details or safety mark. Refused with ConflictError, writing nothing,
    when someone else changed it after this person opened it."""
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        patient = _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        values = clean_route(patient, data)
        refuse_duplicate(patient, values, exclude=route)
        changed = [name for name in EDITABLE if getattr(route, name) != values[name]]
        detail_changed = any(name in DETAIL_FIELDS or name == "kind" for name in changed)
        if detail_changed:
            # A new number or address has not been checked with the person yet.
            values.update(last_confirmed_on=None, confirmed_by=None, confirmed_by_patient=False)
        if data.get("confirmed"):
            values.update(last_confirmed_on=timezone.localdate(), confirmed_by=actor)
            changed.append("last_confirmed_on")
        save_or_conflict(route, expected_version, _fresh, **values)
        route = _fresh(route)
        _audit(audit.Action.UPDATE, actor, organisation, route, changed)
        return route


def end_route(actor, organisation, route, reason, expected_version):
    """Stop using a route (the number changed, the person moved). Kept for the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this route is ended"})
    if len(reason) > 300:
        raise ValidationError({"reason": "The reason must be 300 characters or fewer"})
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        patient = _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        save_or_conflict(
            route, expected_version, _fresh, ended_at=timezone.now(), ended_reason=reason
        )
        _renumber(patient)
        route = _fresh(route)
        _audit(audit.Action.STATE_CHANGE, actor, organisation, route, ["ended_at"], ended=True)
        return route


def move_route(actor, organisation, route, direction, expected_version):
    """Move a route one place up (more preferred) or down in the person's order."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose up or down")
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        patient = _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        order = _open_routes(patient)
        index = next(i for i, r in enumerate(order) if r.pk == route.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(order):
            raise ValidationError(
                "This is already the first choice"
                if direction == "up"
                else "This is already the last choice"
            )
        order[index], order[other] = order[other], order[index]
        save_or_conflict(route, expected_version, _fresh)
        _renumber(patient, order)
        route = _fresh(route)
        _audit(audit.Action.UPDATE, actor, organisation, route, ["preference"], moved=direction)
        return route


def confirm_route(actor, organisation, route, expected_version):
    """ "Confirmed today by me": the actor checked with the person that this still works."""
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        if route.awaiting_staff_confirmation:
            raise ValidationError(
                "The person changed this on their own page: accept or reject the change"
            )
        save_or_conflict(
            route,
            expected_version,
            _fresh,
            last_confirmed_on=timezone.localdate(),
            confirmed_by=actor,
            confirmed_by_patient=False,
        )
        route = _fresh(route)
        _audit(
            audit.Action.UPDATE, actor, organisation, route, ["last_confirmed_on", "confirmed_by"]
        )
        return route


def _awaiting(route):
    if not route.awaiting_staff_confirmation:
        raise ValidationError("There is no change from the person waiting on this route")


def accept_patient_change(actor, organisation, route, expected_version):
    """Staff confirm a route the person added or changed on their own page: it may be used
    from now on (until then the contact plan will not use it)."""
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        patient = _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        _awaiting(route)
        values = {
            "kind": route.kind,
            "safety": route.safety,
            "safety_note": route.safety_note,
            **{name: getattr(route, name) for name in DETAIL_FIELDS},
        }
        clean_route(patient, values)  # what the person typed must still be a route that works
        save_or_conflict(
            route,
            expected_version,
            _fresh,
            awaiting_staff_confirmation=False,
            last_confirmed_on=timezone.localdate(),
            confirmed_by=actor,
        )
        _renumber(patient)
        route = _fresh(route)
        _audit(
            audit.Action.STATE_CHANGE,
            actor,
            organisation,
            route,
            ["awaiting_staff_confirmation", "last_confirmed_on"],
            patient_change="accepted",
        )
        return route


def reject_patient_change(actor, organisation, route, reason, expected_version):
    """Staff turn down a route the person added on their own page (for example it is the
    number of someone who harms them): the route is ended with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the change is not accepted"})
    if len(reason) > 250:
        raise ValidationError({"reason": "The reason must be 250 characters or fewer"})
    with transaction.atomic():
        require_change(actor, organisation, route.patient)
        patient = _lock(route.patient)
        _open_route(route)
        _check_version(route, expected_version)
        _awaiting(route)
        save_or_conflict(
            route,
            expected_version,
            _fresh,
            awaiting_staff_confirmation=False,
            ended_at=timezone.now(),
            ended_reason=f"Not accepted by staff: {reason}",
        )
        _renumber(patient)
        route = _fresh(route)
        _audit(
            audit.Action.STATE_CHANGE,
            actor,
            organisation,
            route,
            ["awaiting_staff_confirmation", "ended_at"],
            patient_change="rejected",
        )
        return route
