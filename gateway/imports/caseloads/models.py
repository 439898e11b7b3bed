"""One caseload import: the uploaded file (kept only until it is applied, abandoned or too
old), which column holds what, what the check found and what was added."""

import datetime

from django.conf import settings
from django.db import models

from gateway.core.jobs import BackgroundWork
from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel

# The uploaded file is personal data: kept no longer than this without being applied.
KEEP_FILE_FOR = datetime.timedelta(days=7)


class CaseloadImport(PublicIdModel, VersionedModel, TimestampedModel, BackgroundWork):
    """The version moves on with every choice a person makes (columns, add, abandon) and when
    the file is forgotten, never with the background work's progress: a page read before
    one of those cannot save over it (ADR 0046)."""

    class Step(models.TextChoices):
        MAPPING = "mapping", "Choosing columns"
        CHECK = "check", "Checking"
        APPLY = "apply", "Adding people"
        ABANDONED = "abandoned", "Abandoned"

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="caseload_imports",
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    # The file as uploaded. Emptied (None) once it is applied or abandoned, or after
    # KEEP_FILE_FOR (services.forget_old_files); never logged, never in a URL.
    content = models.BinaryField(null=True, editable=False)
    file_forgotten_at = models.DateTimeField(null=True, blank=True)
    headings = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    # Gateway field -> the index of the file's column that holds it.
    mapping = models.JSONField(default=dict)
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.MAPPING)
    # What the check found: [{"line": 4, "reasons": ["..."]}, ...] and how many rows are good.
    problems = models.JSONField(default=list)
    good_count = models.PositiveIntegerField(default=0)
    # True when the person chose to add only the good rows (the rest are downloaded).
    good_rows_only = models.BooleanField(default=False)
    # What applying did: [{"line": 4, "added": true, "episode": "<public id>"}, or with
    # "reason" when it was not added].
    results = models.JSONField(default=list)

    counting = "rows"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return f"Caseload import {self.public_id}"


class RememberedColumns(TimestampedModel):
    """The columns an organisation chose last time, by heading, so its next import of the
    same spreadsheet starts with them chosen."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="caseload_columns"
    )
    # Gateway field -> the heading of the column that held it.
    headings = models.JSONField(default=dict)

    def __str__(self):
        return f"Caseload columns for {self.organisation}"
