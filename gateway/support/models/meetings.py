"""Multi-agency meetings with the person involved, and the actions they decide
(docs/domain/multiple-disadvantage.md#what-helps:
multi-agency meetings with the person involved)."""

from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel


class Meeting(PublicIdModel, TimestampedModel, VersionedModel):
    class Participation(models.TextChoices):
        ATTENDED = "attended", "Took part in the meeting"
        VIEWS_GIVEN = "views_given", "Did not attend but gave their views"
        DECLINED = "declined", "Was invited and chose not to take part"
        NOT_INVITED = "not_invited", "Was not invited"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    held_on = models.DateField()
    organised_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    participation = models.CharField(max_length=20, choices=Participation.choices)
    # Required when the person was not invited: the reason is part of the record.
    not_invited_reason = models.CharField(max_length=300, blank=True)
    persons_views = models.TextField(blank=True, help_text="The person's views, in their words")
    discussion = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["patient", "-held_on"])]

    def __str__(self):
        return f"Meeting on {self.held_on}"


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name or self.role


class Action(PublicIdModel, TimestampedModel, VersionedModel):
    """Something a named person will do by a date. Open actions show on the owner's worklist
    until they are done (or cancelled with a reason)."""

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["owner_organisation", "status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="action_closed_when_not_open",
            )
        ]

    def __str__(self):
        return self.description
