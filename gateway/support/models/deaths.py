"""Deaths, recorded for learning (docs/domain/multiple-disadvantage.md#deaths: very high premature
mortality, often from treatable or preventable causes)."""

from django.db import models

from gateway.core.models import (
    AppendOnlyModel,
    PublicIdModel,
    TimestampedModel,
    VersionedModel,
)


class Death(PublicIdModel, TimestampedModel, VersionedModel):
    class Place(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        HOME = "home", "Their home"
        TEMPORARY_ACCOMMODATION = "temporary", "Hostel or temporary accommodation"
        STREET = "street", "Sleeping rough or in a public place"
        PRISON = "prison", "Prison or police custody"
        HOSPICE = "hospice", "Hospice"
        OTHER = "other", "Somewhere else"
        NOT_KNOWN = "not_known", "Not known"

    class Cause(models.TextChoices):
        DRUG_POISONING = "drug_poisoning", "Drug-related poisoning"
        ALCOHOL = "alcohol", "Alcohol-related"
        SUICIDE = "suicide", "Suicide"
        VIOLENCE = "violence", "Violence"
        TREATABLE_ILLNESS = "treatable_illness", "Physical illness that could have been treated"
        OTHER_ILLNESS = "other_illness", "Other physical illness"
        INFECTION = "infection", "Infection"
        ACCIDENT = "accident", "Accident"
        OTHER = "other", "Another cause"
        NOT_KNOWN = "not_known", "Not known yet"

    class Judgement(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_YET_KNOWN = "not_yet_known", "Not yet known"

    class ReviewStatus(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        REQUESTED = "requested", "Requested"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        NOT_REQUIRED = "not_required", "Not required"

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="death"
    )
    died_on = models.DateField()
    date_is_estimated = models.BooleanField(default=False)
    place = models.CharField(max_length=20, choices=Place.choices)
    place_detail = models.CharField(max_length=300, blank=True)
    cause_category = models.CharField(max_length=30, choices=Cause.choices)
    cause_detail = models.TextField(blank=True)
    preventable = models.CharField(
        max_length=20, choices=Judgement.choices, default=Judgement.NOT_YET_KNOWN
    )
    treatable = models.CharField(
        max_length=20, choices=Judgement.choices, default=Judgement.NOT_YET_KNOWN
    )
    learning_review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED
    )
    learning_review_findings = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["died_on"]), models.Index(fields=["cause_category"])]

    def __str__(self):
        return f"Death on {self.died_on}"


class DeathRevision(AppendOnlyModel):
    """History of a death record: one row per save, holding what the record said then (the
    learning review is edited as it goes on; earlier findings are kept, not overwritten),
    written once and never changed or removed (append-only history, ADR 0026)."""

    death = models.ForeignKey(
        Death, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    version = models.PositiveIntegerField()
    values = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["death", "version"], name="one_death_revision_a_version"
            )
        ]

    def __str__(self):
        return f"Death record, version {self.version}"
