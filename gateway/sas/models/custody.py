"""Time in custody on an SAS episode (docs/domain/sas-other-changes.md#custody, docs/adr/0019): when
it started, the state it interrupted (the state release returns to), and, once it ends, by how many
days the paused deadlines moved. Written only by gateway.sas.services.custody, inside a
transition."""

from django.db import models
from django.db.models import Q

from gateway.core.models import TimestampedModel
from gateway.sas.states import STATE_CHOICES


class CustodyPeriod(TimestampedModel):
    episode = models.ForeignKey(
        "sas.Episode", on_delete=models.PROTECT, related_name="custody_periods"
    )
    state_before = models.CharField(max_length=40, choices=STATE_CHOICES)
    started_at = models.DateTimeField()
    started_on = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # False when the episode ended another way (death, transfer...) while in custody.
    released = models.BooleanField(default=False)
    days_moved = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["episode", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(ended_at__isnull=True),
                name="one_open_custody_period_per_episode",
            )
        ]

    def __str__(self):
        return f"Custody from {self.started_on:%Y-%m-%d}"
