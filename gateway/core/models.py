import uuid

from django.db import models


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
