"""What every support service checks before it writes, and the versioned save: the person
is one the organisation may see, the role allows it, a date is not in the future, and nobody
changed the record since the user read it. Below every support service, so none imports
another's private helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone

from gateway.patients.queries import visible_patients

STALE = (
    "Someone else changed this while you were looking at it. Check what it says now and try again."
)


def require_access(actor, organisation, patient, perm):
    if not actor.has_perm(perm, organisation):
        raise PermissionDenied("Your role in this organisation does not allow this")
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise PermissionDenied("Your organisation is not involved with this person")


def not_in_future(day, field, what):
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def save_if_unchanged(model, obj, expected_version, **values):
    """Save values only over the version the user read (VersionedModel)."""
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if updated != 1:
        raise ValidationError(STALE, code="stale")
    for name, value in values.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
