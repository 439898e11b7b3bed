"""Figures the daily job keeps (ADR 0064): each commissioner's sections for each period the
pages offer, worked out once a day so the dashboard and the national view read one row an
area instead of counting the area's whole history on every request. The pages say when the
figures were worked out, and count live when nothing is kept for today."""

from django.db import models


class KeptFigures(models.Model):
    """One area's sections (the scheme at a glance and every dashboard section, as JSON made by
    gateway/insight/kept.py) for one period, worked out at worked_out_at. Only a row worked
    out today (worked_out_on, Europe/London) is read; the job replaces it the next day."""

    commissioner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()  # included; today for a period so far
    worked_out_at = models.DateTimeField()
    worked_out_on = models.DateField()
    # core.fingerprint.code_version() of the code that worked them out: read back only by the
    # same code.
    code_version = models.CharField(max_length=16)
    sections = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "period_kind", "period_start", "period_end"],
                name="kept_figures_one_per_area_and_period",
            )
        ]
        indexes = [models.Index(fields=["worked_out_on", "period_kind", "period_start"])]

    def __str__(self):
        return f"{self.commissioner_id} {self.period_kind} {self.period_start}–{self.period_end}"
