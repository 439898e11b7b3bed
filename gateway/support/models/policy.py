"""A commissioner's support policy: the figures
docs/domain/multiple-disadvantage.md#dash-risk-checklist marks [VARIES] for domestic abuse
(escalation to MARAC: commonly 3 incidents in 12 months), versioned with the date each version takes
effect. A version in force is never edited; a change is a new version."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gateway.core.models import FixedOnceInForce, TimestampedModel

from ..rules.dash import EscalationPolicy


class SupportPolicy(FixedOnceInForce, TimestampedModel):
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="support_policies",
        limit_choices_to={"kind": "commissioner"},
        db_index=False,
    )
    version = models.PositiveIntegerField()
    effective_from = models.DateField(help_text="The first day this version applies")
    dash_escalation_incidents = models.PositiveSmallIntegerField(
        "Incidents that call for a further MARAC referral",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Counted since the last MARAC referral, within the months below",
    )
    dash_escalation_months = models.PositiveSmallIntegerField(
        "Months in which the incidents are counted",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )

    class Meta:
        verbose_name_plural = "support policies"
        ordering = ["commissioner", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "version"], name="unique_support_policy_version"
            )
        ]

    def __str__(self):
        return f"{self.commissioner} support policy version {self.version}"

    def values(self):
        return EscalationPolicy(
            version=self.version,
            incidents=self.dash_escalation_incidents,
            months=self.dash_escalation_months,
        )
