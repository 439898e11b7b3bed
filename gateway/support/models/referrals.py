"""Referrals to services, with every outcome and the reason for every decline
(docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes: refuge referrals rejected
because needs are "too high" — this evidence changes commissioning). One referral shape for every
kind of service, like primero's transitions."""

from django.db import models

from gateway.core.models import (
    AppendOnlyModel,
    PublicIdModel,
    TimestampedModel,
    VersionedModel,
)


class DeclineReason(models.Model):
    """The registry of reasons a service gives for declining, as data so commissioners can
    add one without a release. Codes are stable: reports group by them."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    needs_detail = models.BooleanField(
        default=False, help_text="Free text is required with this reason (for example 'other')"
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return self.label


class ServiceReferral(PublicIdModel, TimestampedModel, VersionedModel):
    class ServiceType(models.TextChoices):
        REFUGE = "refuge", "Refuge"
        PSYCHOLOGICAL = "psychological", "Psychological or therapeutic service"
        COMMUNITY_MENTAL_HEALTH = "community_mental_health", "Community mental health team"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance-misuse treatment"
        HOUSING = "housing", "Housing or temporary accommodation"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        OTHER = "other", "Another service"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    CLOSED_STATUSES = frozenset({Status.DECLINED, Status.COMPLETED, Status.WITHDRAWN})

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    service_type_other = models.CharField(max_length=200, blank=True)
    # The receiving service: an organisation in Gateway, or one named in words.
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiving_service_name = models.CharField(max_length=200, blank=True)
    reason = models.TextField(help_text="Why the person is being referred")
    persons_wishes = models.TextField(blank=True, help_text="What the person wants, in their words")
    consent = models.ForeignKey("patients.Consent", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    sent_on = models.DateField()
    status_changed_on = models.DateField()
    decline_reason = models.ForeignKey(
        DeclineReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_detail = models.TextField(blank=True)
    referred_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The referrer is told of each change someone else makes: True until they open it.
    news_for_referrer = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["referred_by", "news_for_referrer"]),
            models.Index(fields=["patient", "-sent_on"]),
            models.Index(fields=["referring_organisation", "status"]),
            models.Index(fields=["service_type", "status"]),
        ]

    def __str__(self):
        return f"{self.get_service_type_display()} referral"

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES


class ServiceReferralChange(AppendOnlyModel):
    """History of a referral to a service: one row per status change (from, to, who, when,
    why), written once and never changed or removed (append-only history, ADR 0026)."""

    referral = models.ForeignKey(ServiceReferral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.ForeignKey(
        DeclineReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"
