"""What a commissioner's own records said about an episode that began before Gateway
(docs/adr/0031): the dates Gateway has no other place for (removal without a removal report,
allocation, last review), the next review those records named beside the one Gateway set,
their notes, and where they came from."""

from django.conf import settings
from django.db import models

from gateway.core.models import TimestampedModel


class RecordBeforeGateway(TimestampedModel):
    episode = models.OneToOneField(
        "sas.Episode", on_delete=models.PROTECT, related_name="record_before_gateway"
    )
    removed_on = models.DateField("Date of removal", null=True, blank=True)
    allocated_on = models.DateField("Date allocated")
    last_reviewed_on = models.DateField("Last review", null=True, blank=True)
    # The next review the records named, and the one Gateway set (the same date, or the
    # policy's when the records named a later one: gateway.sas.rules.before_gateway).
    next_review_in_records = models.DateField("Next review in the records", null=True, blank=True)
    next_review_set = models.DateField("Next review set by Gateway")
    notes = models.TextField(blank=True)
    # Where the records came from, e.g. "caseload.xlsx, line 4" (never personal data).
    source = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "record from before Gateway"
        verbose_name_plural = "records from before Gateway"

    def __str__(self):
        return f"Record before Gateway for {self.episode}"
