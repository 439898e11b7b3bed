"""A person's record made in error (docs/adr/0041): one person asks with a reason, a second
person of the same organisation confirms (the two-person check of the authenticator reset,
docs/adr/0023; the database refuses the one who asked confirming). Once confirmed:

- the record leaves every list, search and page at once: ``Patient.made_in_error_at`` is set
  and the one scoped rule (gateway/patients/queries/scope.py) sees it for nobody;
- it stays in the database and on the audit trail (nothing is deleted);
- any link it is part of is undone;
- anything it triggered is cancelled by the apps that own it: each registers a handler with
  ``when_made_in_error`` in its AppConfig.ready (this app sits below them), all in the same
  transaction (queued messages, SAS episodes and their deadlines, registration referrals,
  referrals to services and actions)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.permissions import require

from ..models import Patient, RecordMadeInError
from ..queries.scope import visible_patients
from .links import end_links_of

MARK = "patients.mark_made_in_error"

_handlers = []


def when_made_in_error(function=None, *, last=False):
    """Register ``function(actor, organisation, patient, reason) -> int`` (how many things it
    cancelled), called inside the confirming transaction. ``last``: after every other handler
    (the outbox, so nothing another handler queued for the person is sent)."""

    def register(function):
        _handlers.append((1 if last else 0, len(_handlers), function))
        return function

    return register(function) if function is not None else register


def _require_sees(actor, organisation, patient):
    require(actor, MARK, organisation)
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise PermissionDenied


def open_request(patient):
    """The request waiting for a second person, or None."""
    return (
        RecordMadeInError.objects.filter(
            patient=patient, confirmed_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("asked_by", "organisation")
        .first()
    )


def ask(actor, organisation, patient, reason):
    """Ask for the record to be treated as made in error. Nothing is hidden yet."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the record was made in error"})
    with transaction.atomic():
        _require_sees(actor, organisation, patient)
        if open_request(patient) is not None:
            raise ValidationError(
                "Someone has already asked for this. A second person confirms it."
            )
        request = RecordMadeInError.objects.create(
            patient=patient, organisation=organisation, reason=reason, asked_by=actor
        )
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=request,
            patient=patient,
            detail={"made_in_error": "asked"},
        )
    return request


def confirm(actor, organisation, request):
    """The second person confirms: the record is hidden and what it triggered is cancelled.
    The one who asked is refused (so is anyone at another organisation)."""
    with transaction.atomic():
        _require_sees(actor, organisation, request.patient)
        request = RecordMadeInError.objects.select_for_update().get(pk=request.pk)
        if request.confirmed_at or request.cancelled_at:
            raise ValidationError("This request has already been answered.")
        if request.organisation_id != organisation.pk:
            raise PermissionDenied
        if request.asked_by_id == actor.pk:
            raise ValidationError(
                "A second person must confirm this. You asked for it, so someone else in your "
                "organisation confirms it."
            )
        now = timezone.now()
        request.confirmed_at, request.confirmed_by = now, actor
        request.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
        patient = request.patient
        Patient.objects.filter(pk=patient.pk).update(
            made_in_error_at=now, version=F("version") + 1, updated_at=now
        )
        cancelled = {"links": end_links_of(actor, organisation, patient)}
        for _order, _n, handler in sorted(_handlers, key=lambda h: h[:2]):
            name = f"{handler.__module__}.{handler.__name__}"
            cancelled[name] = handler(actor, organisation, patient, request.reason)
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=organisation,
            obj=patient,
            patient=patient,
            changed_fields=["made_in_error_at"],
            detail={"made_in_error": "confirmed", "request": str(request.public_id), **cancelled},
        )
    return request


def cancel(actor, organisation, request):
    """Withdraw the request (either person may): the record stays as it is."""
    with transaction.atomic():
        _require_sees(actor, organisation, request.patient)
        now = timezone.now()
        updated = RecordMadeInError.objects.filter(
            pk=request.pk,
            organisation=organisation,
            confirmed_at__isnull=True,
            cancelled_at__isnull=True,
        ).update(cancelled_at=now, cancelled_by=actor, updated_at=now)
        if not updated:
            raise ValidationError("This request has already been answered.")
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=organisation,
            obj=request,
            patient=request.patient,
            detail={"made_in_error": "cancelled"},
        )
