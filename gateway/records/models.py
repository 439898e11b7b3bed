"""A subject access export: everything Gateway holds about one person, put together in the
background as one ZIP for the member of staff who asked, downloadable by them once and only
until it expires (docs/adr/0033-subject-access-export.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gateway.core.jobs import BackgroundWork
from gateway.core.models import PublicIdModel, TimestampedModel


class SubjectAccessExport(PublicIdModel, TimestampedModel, BackgroundWork):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="subject_access_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # The organisation's own reference for the request (no names: it is shown in lists).
    request_reference = models.CharField(max_length=100)
    received_on = models.DateField(help_text="The day the person's request arrived")
    # One calendar month from receipt, moved to the next working day (rules/deadlines.py).
    respond_by = models.DateField()
    # The ZIP itself, kept on the row until it is downloaded or expires (ADR 0033), then
    # emptied. Deferred in every list.
    content = models.BinaryField(null=True, blank=True, editable=False)
    content_bytes = models.PositiveIntegerField(default=0)
    letter_count = models.PositiveIntegerField(default=0)
    withheld_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    content_deleted_at = models.DateTimeField(null=True, blank=True)

    counting = "records"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(content__isnull=True) | Q(content_deleted_at__isnull=True),
                name="subject_access_content_gone_once_deleted",
            )
        ]

    def __str__(self):
        return f"Subject access export {self.public_id}"
