"""An import of NHS practice data: the uploaded file (kept only until it is applied), what
checking it found, and the work of checking and applying it in the background
(gateway/core/jobs.py). The page reads this row, so it survives a reload."""

from django.db import models

from gateway.core.jobs import BackgroundWork
from gateway.core.models import PublicIdModel, TimestampedModel


class PracticeImport(BackgroundWork, PublicIdModel, TimestampedModel):
    """One file, checked then (once someone confirms) applied. ``phase`` says which of the
    two the background work's state is about."""

    class Phase(models.TextChoices):
        CHECK = "check", "Checking the file"
        APPLY = "apply", "Updating practices"

    counting = "rows"

    # The commissioner whose admin brought the file: only its practices are touched.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    # The file as uploaded (NHS practice data is not personal data). Emptied once applied.
    content = models.BinaryField(blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.CHECK)
    # What checking found (the rows themselves are PracticeImportLine).
    row_count = models.PositiveIntegerField(default=0)
    added_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    closed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # A fingerprint of the changes shown, so applying refuses if practices moved since.
    plan_digest = models.CharField(max_length=64, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    alert_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Practice data from {self.filename}"


class PracticeImportLine(models.Model):
    """One thing the preview shows: a practice to add, change or close, a row that cannot be
    read, or a warning. Kept with the import so the lists page through the database."""

    class Kind(models.TextChoices):
        ADD = "add", "Added"
        CHANGE = "change", "Changed"
        CLOSE = "close", "Closed"
        PROBLEM = "problem", "Cannot be read"
        WARNING = "warning", "Warning"

    practice_import = models.ForeignKey(
        PracticeImport,
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    line = models.PositiveIntegerField()
    ods_code = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=200, blank=True)
    # For a change: [[field label, before, after], ...]; for a problem or warning: the reason.
    detail = models.JSONField(default=list)

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["practice_import", "kind", "line"])]

    def __str__(self):
        return f"Line {self.line}: {self.get_kind_display()}"
