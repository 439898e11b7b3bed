"""Reviews of a patient's place on the scheme, with the patient's own voice
(docs/domain/sas-reviews-and-discharge.md#reviews), and the step-down plan when the decision is to
discharge (docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel


class Review(PublicIdModel, TimestampedModel, VersionedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DECIDED = "decided", "Decided"
        CANCELLED = "cancelled", "Cancelled"

    class Decision(models.TextChoices):
        REMAIN = "remain", "Remain on the scheme"
        DISCHARGE = "discharge", "Discharge from the scheme"

    class HowTookPart(models.TextChoices):
        IN_PERSON = "in_person", "In person at the review"
        PHONE = "phone", "By phone or video"
        WRITTEN = "written", "In writing"
        THROUGH_WORKER = "through_worker", "Through their support worker"
        DID_NOT = "did_not", "They did not take part"

    episode = models.ForeignKey("sas.Episode", on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    is_exception = models.BooleanField(
        default=False, help_text="An exception discharge panel outside the schedule"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    # Inputs gathered before the review
    practice_report = models.TextField(blank=True)
    practice_report_received_at = models.DateTimeField(null=True, blank=True)
    patient_view = models.TextField(blank=True)
    patient_view_how = models.CharField(max_length=200, blank=True)
    patient_view_recorded_at = models.DateTimeField(null=True, blank=True)
    patient_view_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    support_worker_input = models.TextField(blank=True)
    support_worker_input_received_at = models.DateTimeField(null=True, blank=True)

    # The review itself
    held_on = models.DateField(null=True, blank=True)
    patient_took_part = models.CharField(max_length=20, choices=HowTookPart.choices, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    what_would_change_it = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The daily job asked for this review's inputs on this day (ADR 0044): it selects only
    # scheduled reviews without it, so it does not re-read reviews already asked about.
    inputs_requested_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(status="scheduled", inputs_requested_on__isnull=True),
                name="sas_review_inputs_not_asked",
            )
        ]

    def __str__(self):
        return f"Review {self.public_id}"


class DischargePlan(TimestampedModel):
    """How the patient steps down to mainstream care. The discharge completes when the new
    registration is recorded, or automatically when the window passes if the policy says so."""

    episode = models.OneToOneField(
        "sas.Episode", on_delete=models.PROTECT, related_name="discharge_plan"
    )
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_practice_note = models.CharField(max_length=200, blank=True)
    discharge_by = models.DateField()
    medication_cover = models.TextField(blank=True)
    referrals_to_hand_over = models.TextField(blank=True)
    stay_in_touch_months = models.PositiveSmallIntegerField(default=0)
    registered_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_on = models.DateField(null=True, blank=True)
    completed_automatically = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The daily job found the discharge-by date passed and the policy that set it does not
    # discharge automatically (ADR 0044): the plan stays on the worklist as overdue for staff,
    # and the job does not read it again (the policy version and the date never change).
    left_for_staff_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["discharge_by"],
                condition=Q(completed_at__isnull=True, left_for_staff_on__isnull=True),
                name="sas_plan_overdue_not_handled",
            )
        ]
