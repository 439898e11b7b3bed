"""The commissioner's registration evidence the daily job keeps (ADR 0064, update of session
13): the four tables of gateway/registration/evidence.py worked out once a day, so the page
and its CSV files read one row instead of aggregating the year's referrals on every request.
The page says when they were worked out, and counts live when none are kept for today."""

from django.db import models


class KeptEvidence(models.Model):
    """One commissioner's four evidence tables (as plain JSON values, evidence.dumped) for the
    year up to worked_out_on (Europe/London), worked out at worked_out_at by the code whose
    fingerprint is code_version. Only a row worked out today by the same code is read; the
    job replaces it the next day."""

    # Served by the unique constraint's index, which starts with it.
    commissioner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    worked_out_on = models.DateField()
    worked_out_at = models.DateTimeField()
    # core.fingerprint.code_version() of the code that worked them out.
    code_version = models.CharField(max_length=16)
    tables = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner"], name="kept_evidence_one_per_commissioner"
            )
        ]

    def __str__(self):
        return f"{self.commissioner_id} evidence of {self.worked_out_on}"
