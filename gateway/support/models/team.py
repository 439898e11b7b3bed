"""The people and services around a person, and what they agreed together
(docs/domain/multiple-disadvantage.md#what-helps "what helps":
continuity, collaboration rather than signposting, working agreements). Rows are written only
through gateway.support services."""

from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel


class SupportTeamMember(PublicIdModel, TimestampedModel, VersionedModel):
    """A worker or organisation involved with the person. Another organisation joins only with
    the person's consent to share with it (the consent row is kept with the membership)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # For someone without a Gateway account (a hostel key worker, a GP) — name and how to reach.
    worker_name = models.CharField(max_length=200, blank=True)
    worker_contact = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, help_text="What they do for the person")
    is_lead = models.BooleanField("Lead worker", default=False)
    consent = models.ForeignKey(
        "patients.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    added_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-is_lead", "started_on", "id"]
        indexes = [models.Index(fields=["patient", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(is_lead=True, ended_on__isnull=True),
                name="one_open_lead_worker",
            )
        ]

    def __str__(self):
        return self.role


class WorkingAgreement(PublicIdModel, TimestampedModel, VersionedModel):
    """What the person and services agreed together, in the person's words where they gave
    them, with a date to look at it again. A new agreement supersedes the old one."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    agreed_on = models.DateField()
    review_on = models.DateField()
    persons_goals = models.TextField(help_text="What the person wants, in their words")
    services_will = models.TextField(help_text="What the services will do")
    person_will = models.TextField(blank=True, help_text="What the person will do")
    how_to_keep_in_touch = models.TextField(blank=True)
    person_agreed = models.BooleanField(default=False)
    services = models.ManyToManyField("accounts.Organisation", related_name="+", blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        indexes = [models.Index(fields=["patient", "superseded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("agreed_on")),
                name="agreement_reviewed_after_it_is_made",
            )
        ]

    def __str__(self):
        return f"Working agreement of {self.agreed_on}"
