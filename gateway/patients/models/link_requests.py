"""A request to link an organisation to a person already on Gateway whose record it cannot
see (ADR 0035): written when the organisation tries to add the person, decided by its
commissioner (link or decline with a reason), and told to the organisation on its home page."""

from django.conf import settings
from django.db import models

from gateway.core.models import PublicIdModel, TimestampedModel


class LinkRequest(PublicIdModel, TimestampedModel):
    """Someone tried to add a person already on Gateway in a record they cannot see. Open
    until the commissioner decides; decided once (the decision is a conditional update on
    ``resolved_at`` being empty, so a second decision finds nothing to change)."""

    class Outcome(models.TextChoices):
        LINKED = "linked", "Linked"
        DECLINED = "declined", "Declined"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", db_index=False
    )
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # Why the commissioner declined: the organisation that asked is shown it.
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["commissioner", "resolved_at"]),
            models.Index(fields=["organisation", "resolved_at"]),
        ]
