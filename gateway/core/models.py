import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone


class PublicIdModel(models.Model):
    """Rows that appear in URLs carry a random public id: URLs never show sequential ids or
    personal data (ASVS 8.3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic concurrency: a form carries the version it was read at and the service
    refuses to save over a newer one, so two people never silently overwrite each other."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


STALE = (
    "Someone else changed this while you were looking at it. Check what it says now and try again."
)


def save_if_unchanged(obj, expected_version, *, stale=STALE, **values):
    """Write values to a VersionedModel row only if nobody has saved it since the person read
    it at expected_version (None: the version obj was read at). The UPDATE itself matches the
    version, so two people saving at once cannot both win; the loser gets ValidationError(stale)
    and nothing is written. Returns obj with the values and its new version."""
    version = obj.version if expected_version is None else expected_version
    if obj.version != version:
        raise ValidationError(stale, code="stale")
    extra = {"updated_at": timezone.now()} if hasattr(obj, "updated_at") else {}
    rows = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, version=version)
        .update(version=F("version") + 1, **extra, **values)
    )
    if rows != 1:
        raise ValidationError(stale, code="stale")
    for name, value in {**extra, **values}.items():
        setattr(obj, name, value)
    obj.version = version + 1
    return obj


class VersionInForce(ValidationError):
    """Raised when something tries to change or remove a version already in force."""


class PolicyInForce(VersionInForce):
    """Raised when something tries to change or remove a policy version already in force."""


class FixedOnceInForce(models.Model):
    """A version of a policy or reference table that takes effect on ``effective_from`` and
    is never changed or removed once that day has come: results already worked out under it
    name it, so editing it would quietly relabel them. A change is a new version with the
    date it takes effect. Subclasses define ``effective_from``; the check reads the stored
    date, so moving a version's start into the future does not unlock it."""

    class Meta:
        abstract = True

    in_force_error = VersionInForce

    def save(self, *args, **kwargs):
        self.refuse_if_in_force()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_in_force()
        return super().delete(*args, **kwargs)

    def is_in_force(self, on_date=None):
        return self.effective_from <= (on_date or timezone.localdate())

    def in_force_message(self):
        return (
            f"{self} is already in force, so it cannot be changed. Create a new version "
            "with the date it takes effect."
        )

    def stored_is_in_force(self):
        """True when the saved row (not this unsaved copy) is in force today."""
        if self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("effective_from", flat=True)
        stored = stored.first()
        return stored is not None and stored <= timezone.localdate()

    def refuse_if_in_force(self):
        if self.stored_is_in_force():
            raise self.in_force_error(self.in_force_message())
