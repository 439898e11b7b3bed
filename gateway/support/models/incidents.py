"""Domestic abuse incidents a worker learns of
(docs/domain/multiple-disadvantage.md#dash-risk-checklist): each one dated, so repeats and
escalation to MARAC can be worked out. Restricted like a DASH's details (rules/permissions.py)."""

from django.db import models

from gateway.core.models import PublicIdModel, TimestampedModel


class AbuseIncident(PublicIdModel, TimestampedModel):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    occurred_on = models.DateField()
    note = models.CharField(
        max_length=300, blank=True, help_text="What happened, briefly (no names of others)"
    )
    is_repeat = models.BooleanField(
        default=False, help_text="Within 12 months after the last MARAC referral"
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["patient", "-occurred_on"])]

    def __str__(self):
        return f"Domestic abuse incident on {self.occurred_on}"
