import uuid

from django.core.exceptions import ValidationError
from django.db import models
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


class PolicyInForce(ValidationError):
    """Raised when something tries to change or remove a policy version already in force."""


class FixedOnceInForce(models.Model):
    """A versioned policy (a `version` and the `effective_from` date it takes effect): once in
    force it is never changed or deleted, because dates already worked out from it name it.
    A new version is created instead. QuerySet.update() goes round this; services never use
    it on policies."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_in_force()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_in_force()
        return super().delete(*args, **kwargs)

    def is_in_force(self, on_date=None):
        return self.effective_from <= (on_date or timezone.localdate())

    def _refuse_if_in_force(self):
        if self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values_list("effective_from", flat=True)
        stored = stored.first()
        if stored is not None and stored <= timezone.localdate():
            raise PolicyInForce(
                f"Version {self.version} of the {self._meta.verbose_name} is already in force, "
                "so it cannot be changed. Create a new version with the date it takes effect."
            )
