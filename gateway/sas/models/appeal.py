"""Appeals against being placed on the scheme or against remaining on it
(docs/domain/sas-appeals.md#appeals).
An appeal never pauses the episode."""

from django.conf import settings
from django.db import models

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel


class Appeal(PublicIdModel, TimestampedModel, VersionedModel):
    class Against(models.TextChoices):
        PLACEMENT = "placement", "Being placed on the scheme"
        REMAINING = "remaining", "Remaining on the scheme"

    class Means(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        IN_PERSON = "in_person", "In person"
        PORTAL = "portal", "The patient's own page"
        API = "api", "Another system"

    class LodgedBy(models.TextChoices):
        PATIENT = "patient", "The patient"
        REPRESENTATIVE = "representative", "Someone representing the patient"

    class Status(models.TextChoices):
        LODGED = "lodged", "Lodged"
        ACKNOWLEDGED = "acknowledged", "Acknowledged, waiting for forms"
        PANEL_SCHEDULED = "panel_scheduled", "Panel arranged"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    episode = models.ForeignKey("sas.Episode", on_delete=models.PROTECT, related_name="appeals")
    against = models.CharField(max_length=20, choices=Against.choices)
    received_on = models.DateField()
    means = models.CharField(max_length=20, choices=Means.choices)
    lodged_by = models.CharField(max_length=20, choices=LodgedBy.choices)
    representative_name = models.CharField(max_length=200, blank=True)
    representative_relationship = models.CharField(max_length=200, blank=True)
    grounds = models.TextField()
    is_late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LODGED)
    acknowledged_on = models.DateField(null=True, blank=True)
    patient_form_received_on = models.DateField(null=True, blank=True)
    practice_form_received_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    panel_late_reason = models.TextField(
        blank=True, help_text="Why the panel meets after the date it was due, when it does"
    )
    papers_sent_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_out_of_order_reason = models.TextField(
        blank=True,
        help_text="Why the panel decided before the appeal was acknowledged or the panel "
        "arranged, when it did",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"Appeal {self.public_id}"

    @property
    def is_open(self):
        return self.status in {
            self.Status.LODGED,
            self.Status.ACKNOWLEDGED,
            self.Status.PANEL_SCHEDULED,
        }
