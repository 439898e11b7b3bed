"""The removing practice's report of an immediate removal
(docs/domain/sas-removal-and-allocation.md), the commissioner's requests for more information, and
allocations to SAS practices."""

from django.conf import settings
from django.db import models

from gateway.core.models import PublicIdModel, TimestampedModel


class RemovalReport(PublicIdModel, TimestampedModel):
    class Setting(models.TextChoices):
        PRACTICE_PREMISES = "practice_premises", "At the practice"
        HOME_VISIT = "home_visit", "On a home visit"
        HOSPITAL = "hospital", "In a hospital"
        COMMUNITY = "community", "In another community setting"

    class NoticeMethod(models.TextChoices):
        IN_WRITING = "in_writing", "In writing (letter or email)"
        PHONE = "phone", "By phone"
        IN_PERSON = "in_person", "In person"
        OTHER = "other", "Another way"

    class Signatory(models.TextChoices):
        GP_PARTNER = "gp_partner", "GP partner"
        PRACTICE_MANAGER = "practice_manager", "Practice manager"
        DEPUTY_PRACTICE_MANAGER = "deputy_practice_manager", "Deputy practice manager"

    class YesNoUnsure(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Not sure"

    class PatientTold(models.TextChoices):
        YES = "yes", "Yes, the practice told the patient"
        NOT_PRACTICABLE = "not_practicable", "No, it was not reasonably practicable"
        WOULD_HARM = "would_harm", "No, telling them would harm them or put someone at risk"

    episode = models.OneToOneField(
        "sas.Episode", on_delete=models.PROTECT, related_name="removal_report"
    )
    reporting_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    signed_by_name = models.CharField(max_length=200)
    signed_by_role = models.CharField(max_length=30, choices=Signatory.choices)

    # The incident
    # (docs/domain/sas-removal-and-allocation.md#condition-a-violence-or-fear-for-safety,
    # docs/domain/sas-removal-and-allocation.md#what-does-not-qualify)
    incident_at = models.DateTimeField()
    setting = models.CharField(max_length=30, choices=Setting.choices)
    behaviours = models.JSONField(default=list)
    description = models.TextField()
    previously_non_aggressive_in_anguish = models.BooleanField(default=False)
    health_condition_could_explain = models.CharField(max_length=10, choices=YesNoUnsure.choices)
    learning_disability_or_neurodiversity_considered = models.BooleanField(default=False)
    alternatives_tried = models.TextField(blank=True)

    # Police (docs/domain/sas-removal-and-allocation.md#condition-b-reported-to-the-police):
    # reported and when are required; the reference is prompted.
    police_reported = models.BooleanField()
    police_reported_at = models.DateTimeField(null=True, blank=True)
    police_reference = models.CharField(max_length=50, blank=True)

    # Notice: the removal takes effect the moment notice is given
    # (docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect).
    notice_given_at = models.DateTimeField()
    notice_method = models.CharField(max_length=20, choices=NoticeMethod.choices)
    written_confirmation_received_at = models.DateTimeField(null=True, blank=True)
    patient_told = models.CharField(max_length=20, choices=PatientTold.choices)

    # Health and care context
    # (docs/domain/sas-removal-and-allocation.md#what-the-removal-report-holds)
    mental_health_conditions = models.TextField(blank=True)
    conditions_affecting_behaviour = models.TextField(blank=True)
    current_medications = models.TextField(blank=True)
    other_care_providers = models.TextField(blank=True)
    other_care_providers_will_be_told = models.BooleanField(default=False)
    cqc_notified = models.BooleanField("CQC notified", default=False)

    # What the screening rules said when the report was made, and the practice's
    # explanation when it submitted a report the form warned about
    # (docs/domain/sas-removal-and-allocation.md#what-does-not-qualify).
    screening_route = models.CharField(max_length=40, blank=True)
    # The scheme policy version in force on the day notice was given: screening and the
    # report's deadlines were worked out under it.
    screening_policy = models.ForeignKey(
        "sas.SchemePolicy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screening_warnings = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)

    def __str__(self):
        return f"Removal report {self.public_id}"

    @property
    def notice_in_writing(self):
        return self.notice_method == self.NoticeMethod.IN_WRITING


class InformationRequest(TimestampedModel):
    """The commissioner asks the removing practice for more before deciding."""

    episode = models.ForeignKey(
        "sas.Episode", on_delete=models.PROTECT, related_name="information_requests"
    )
    question = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class Allocation(TimestampedModel):
    """Which SAS practice an episode was allocated to, by whom, and why when the usual
    choice (catchment, then the removing practice's area) was overridden."""

    episode = models.ForeignKey("sas.Episode", on_delete=models.PROTECT, related_name="allocations")
    sas_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    suggested_practice = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
