"""What every support service checks before it writes: the person is one the organisation may
see, the role allows it (core require), and a date is not in the future. Versioned saves are
core save_if_unchanged (its words when someone else changed the record first are the ones the
support pages have always shown). Below every support service, so none imports another's
private helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gateway.core.models import STALE, save_if_unchanged
from gateway.core.permissions import require
from gateway.patients.queries import visible_patients

__all__ = ["STALE", "not_in_future", "require_access", "save_if_unchanged"]


def require_access(actor, organisation, patient, perm):
    require(actor, perm, organisation)
    if not visible_patients(actor, organisation).filter(pk=patient.pk).exists():
        raise PermissionDenied("Your organisation is not involved with this person")


def not_in_future(day, field, what):
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})
