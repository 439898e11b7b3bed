"""A commissioner's registration policy as versioned data (issue 5 item 4): how long a
practice has to answer before Gateway chases, how long after that before the commissioner is
told, when pre-release alerts start. A version in force is never edited; dates already worked
out name the version that set them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gateway.core.models import TimestampedModel
from gateway.registration.rules.policy import RegistrationPolicyValues


def _number(default, verbose_name, help_text, maximum=60):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(maximum)],
        help_text=help_text,
    )


class RegistrationPolicy(TimestampedModel):
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="registration_policies",
        limit_choices_to={"kind": "commissioner"},
    )
    version = models.PositiveIntegerField()
    effective_from = models.DateField(help_text="The first day this version applies")
    chase_after_working_days = _number(
        5, "Working days before a reminder", "With no answer from the practice"
    )
    escalate_after_working_days = _number(
        5, "Working days after the reminder before escalation", "To the commissioner"
    )
    pre_release_alert_months = _number(
        1, "Months before release that alerts start", "DOMAIN §3.3: up to one month", 6
    )
    refusal_letter_days = _number(
        14, "Days for the practice to write to the person after refusing", "DOMAIN §3.1"
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

    def __str__(self):
        return f"{self.commissioner} registration policy version {self.version}"

    def values(self):
        return RegistrationPolicyValues(
            version=self.version,
            chase_after_working_days=self.chase_after_working_days,
            escalate_after_working_days=self.escalate_after_working_days,
            pre_release_alert_months=self.pre_release_alert_months,
            refusal_letter_days=self.refusal_letter_days,
            first_appointment_reminder_days=self.first_appointment_reminder_days,
            fp69_warning_days=self.fp69_warning_days,
            fp69_escalation_days=self.fp69_escalation_days,
        )
