"""A person's multiple-disadvantage status as it was worked out, with the rule version that
decided it (docs/domain/multiple-disadvantage.md#who-counts-as-facing-multiple-disadvantage: record
which rule version was applied). Stored, not computed on each page, so a new version of the rule
never relabels everyone at once: each status stays under its version until it is worked out again.
Append-only: each working out is a new row."""

from django.db import models

from gateway.core.models import AppendOnlyModel, TimestampedModel

from ..rules import mcn
from .assessments import MCNRule


class MCNStatus(AppendOnlyModel, TimestampedModel):
    """History of a person's multiple-disadvantage status for a commissioner: one row per
    working out (the rule version, whether they meet it, what counted, why), written once and
    never changed or removed (append-only history, ADR 0026). The newest row is the status."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    commissioner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(MCNRule, on_delete=models.PROTECT, related_name="statuses")
    meets = models.BooleanField()
    counted = models.JSONField(default=list, help_text="The core needs that counted")
    worked_out_on = models.DateField()
    why = models.CharField(max_length=100)
    worked_out_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "multiple-disadvantage status"
        verbose_name_plural = "multiple-disadvantage statuses"
        indexes = [models.Index(fields=["patient", "commissioner", "-id"])]

    def __str__(self):
        return f"Multiple-disadvantage status under {self.rule}"

    def result(self):
        """The stored status as the rule's result, so pages word it the same way."""
        rule = self.rule.values()
        return mcn.McnResult(
            meets=self.meets,
            rule_version=rule.version,
            counted=tuple(self.counted),
            threshold=rule.threshold,
            rule=rule,
        )
