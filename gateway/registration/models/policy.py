"""A commissioner's registration policy as versioned data: how long a
practice has to answer before Gateway chases, how long after that before the commissioner is
told, when to ask about a first appointment. A version in force is never edited or deleted
(FixedOnceInForce); dates already worked out name the version that set them. The national
figures (registration up to one month before release, the refusal letter within 14 days) are
constants in rules/dates.py."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gateway.core.models import FixedOnceInForce, PolicyInForce, TimestampedModel
from gateway.registration.rules.policy import RegistrationPolicyValues


def _number(default, verbose_name, help_text, maximum=60):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(maximum)],
        help_text=help_text,
    )


class RegistrationPolicy(FixedOnceInForce, TimestampedModel):
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="registration_policies",
        limit_choices_to={"kind": "commissioner"},
        db_index=False,
    )
    version = models.PositiveIntegerField()
    effective_from = models.DateField(help_text="The first day this version applies")
    chase_after_working_days = _number(
        5, "Working days before a reminder", "With no answer from the practice"
    )
    escalate_after_working_days = _number(
        5, "Working days after the reminder before escalation", "To the commissioner"
    )
    first_appointment_reminder_days = _number(
        28, "Days after registration to ask about a first appointment", "", 120
    )
    fp69_warning_days = _number(
        28,
        "Days before an address-check removal to warn the worker and the practice",
        "After returned post the person is removed unless the address is confirmed in 6 months",
        120,
    )
    fp69_escalation_days = _number(
        14,
        "Days before an address-check removal to tell the commissioner",
        "When the address is still not confirmed",
        120,
    )

    class Meta:
        verbose_name_plural = "registration policies"
        ordering = ["commissioner", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "version"], name="unique_registration_policy_version"
            )
        ]

    in_force_error = PolicyInForce

    def in_force_message(self):
        return (
            f"Version {self.version} of the registration policy is already in force, so it "
            "cannot be changed. Create a new version with the date it takes effect."
        )

    def __str__(self):
        return f"{self.commissioner} registration policy version {self.version}"

    def values(self):
        return RegistrationPolicyValues(
            version=self.version,
            chase_after_working_days=self.chase_after_working_days,
            escalate_after_working_days=self.escalate_after_working_days,
            first_appointment_reminder_days=self.first_appointment_reminder_days,
            fp69_warning_days=self.fp69_warning_days,
            fp69_escalation_days=self.fp69_escalation_days,
        )
