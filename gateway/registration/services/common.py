"""Shared pieces of the registration services: permission and scope checks, optimistic
concurrency, history rows, alerts and audit. Every write runs inside the caller's
transaction.atomic()."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged
from gateway.patients.models import PatientRelationship
from gateway.patients.queries import visible_patients

from ..models import ReferralChange, RegistrationAlert, RegistrationReferral

REFER = "registration.refer"
Action = audit.Action
Status = RegistrationReferral.Status
Kind = RegistrationAlert.Kind

STALE = (
    "Someone else changed this referral while you were looking at it. Check the latest "
    "details below and try again."
)


def require_referrer(organisation, referral):
    if referral.referring_organisation_id != organisation.pk:
        raise PermissionDenied("Only the organisation that referred can do this")


def require_patient(actor, organisation, patient):
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise PermissionDenied("Your organisation is not involved with this person")


def require_status(referral, *statuses, message):
    if referral.status not in statuses:
        raise ValidationError(message)


def advance(referral, expected_version, **values):
    """Write values only if nobody has saved the referral since expected_version (None: the
    version it was read at); otherwise refuse with the referral's own stale message."""
    return save_if_unchanged(referral, expected_version, stale=STALE, **values)


def history(referral, event, from_status, *, actor=None, organisation=None, note=""):
    return ReferralChange.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        event=event,
        on=timezone.localdate(),
        by=actor if getattr(actor, "pk", None) else None,
        by_organisation=organisation,
        note=note,
    )


def record(action, referral, *, actor=None, organisation=None, changed=(), **detail):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=referral,
        patient=referral.patient,
        changed_fields=list(changed),
        detail=detail or None,
    )


def raise_alert(referral, kind, organisation, detail="", today=None):
    """Open an alert unless one of the kind is already open for that organisation
    (idempotent: the daily job may run many times)."""
    if organisation is None:
        return None
    alert, _ = RegistrationAlert.objects.get_or_create(
        referral=referral,
        kind=kind,
        organisation=organisation,
        cleared_at__isnull=True,
        defaults={"raised_on": today or timezone.localdate(), "detail": detail[:400]},
    )
    return alert


def clear_alerts(referral, *kinds):
    RegistrationAlert.objects.filter(
        referral=referral, kind__in=kinds, cleared_at__isnull=True
    ).update(cleared_at=timezone.now())


def relate(patient, organisation, kind, reason, expires_on=None, consent=None):
    """An active relationship of the kind, made if missing
    (docs/domain/gp-registration.md#gp-registration: who may see the person). Returns it."""
    relationship = PatientRelationship.objects.filter(
        patient=patient, organisation=organisation, kind=kind, is_active=True
    ).first()
    if relationship is None:
        relationship = PatientRelationship.objects.create(
            patient=patient,
            organisation=organisation,
            kind=kind,
            reason=reason,
            expires_on=expires_on,
            consent=consent,
        )
    elif expires_on is not None:
        relationship.expires_on = expires_on
        relationship.save(update_fields=["expires_on", "updated_at"])
    return relationship


def organisation_address_lines(organisation):
    return [organisation.name, *organisation.postal_lines]
