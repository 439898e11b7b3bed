"""A commissioner's scheme policy: every value
docs/domain/special-allocation-scheme.md#what-each-scheme-sets-for-itself marks [VARIES], versioned
with the date it takes effect. A version in force is never edited (deadlines already worked out from
it name it); the service creates a new version instead."""

import dataclasses

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gateway.core.models import FixedOnceInForce, PolicyInForce, TimestampedModel
from gateway.sas.rules import PolicyValues


def _days(default, verbose_name, help_text, maximum=366):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(maximum)],
        help_text=help_text,
    )


def _months(default, verbose_name, help_text, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=help_text,
        **kwargs,
    )


class SchemePolicy(FixedOnceInForce, TimestampedModel):
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="sas_policies",
        limit_choices_to={"kind": "commissioner"},
        db_index=False,
    )
    version = models.PositiveIntegerField()
    effective_from = models.DateField(help_text="The first day this version applies")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # docs/domain/sas-appeals.md#appeals appeals
    appeal_days_against_placement = _days(
        28, "Days to appeal against being placed", "From the allocation letter"
    )
    appeal_days_against_remaining = _days(
        28, "Days to appeal against remaining", "From the review outcome letter"
    )
    acknowledgement_working_days = _days(
        7, "Working days to acknowledge an appeal", "Weekends and bank holidays do not count"
    )
    patient_form_return_days = _days(
        14, "Days for the patient to return the appeal form", "From sending the form"
    )
    practice_incident_form_days = _days(
        14, "Days for the removing practice to return its incident form", "From asking for it"
    )
    panel_within_days_of_forms = _days(
        28, "Days to hold the appeal panel", "From receiving both forms"
    )
    papers_before_panel_days = _days(
        5, "Days before the panel that papers must be sent", "At least this many", maximum=60
    )
    # docs/domain/sas-reviews-and-discharge.md#reviews reviews
    first_review_after_months = _months(12, "Months to the first review", "From allocation")
    review_every_months = _months(12, "Months between reviews", "From the last review")
    minimum_stay_months = _months(
        None,
        "Minimum stay in months",
        "Leave empty if the scheme has no minimum stay",
        null=True,
        blank=True,
    )
    # docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down discharge
    discharge_completion_months = _months(
        3, "Months to complete a discharge", "From the decision to discharge"
    )
    automatic_discharge_when_not_registered = models.BooleanField(
        "Discharge automatically when the patient has not registered in time", default=False
    )
    # docs/domain/sas-removal-and-allocation.md#police-reference-and-approval removal: written
    # confirmation within 7 days and police told within 7 days are national rules, so they are
    # constants in gateway.sas.rules, not policy fields.
    # Screening removal reports and allocating to a practice
    two_person_allocation_check = models.BooleanField(
        "A second person checks each allocation", default=False
    )
    allocation_target_hours = models.PositiveSmallIntegerField(
        "Hours to allocate after notice",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )

    class Meta:
        verbose_name_plural = "scheme policies"
        ordering = ["commissioner", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "version"], name="unique_sas_policy_version"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="sas_policy_version_1_up"
            ),
        ]
        indexes = [models.Index(fields=["commissioner", "effective_from", "version"])]

    def __str__(self):
        return f"{self.commissioner} scheme policy version {self.version}"

    VALUE_FIELDS = tuple(f.name for f in dataclasses.fields(PolicyValues) if f.name != "version")

    def values(self):
        """The plain values the pure rules take."""
        return PolicyValues(
            version=self.version, **{name: getattr(self, name) for name in self.VALUE_FIELDS}
        )

    in_force_error = PolicyInForce

    def in_force_message(self):
        return (
            f"Version {self.version} of the scheme policy is already in force, so it "
            "cannot be changed. Create a new version with the date it takes effect."
        )
