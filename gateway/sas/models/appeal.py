"""Appeals against being placed on the scheme or against remaining on it
(docs/domain/sas-appeals.md#appeals).
An appeal never pauses the episode."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from gateway.core.models import PublicIdModel, TimestampedModel, VersionedModel

# An appeal still waiting for the panel's decision: the panel's queue (ADR 0062).
OPEN_APPEAL_STATUSES = ("lodged", "acknowledged", "panel_scheduled")

# The deadline an appeal's panel must meet by: what an appeal's date to decide by rests on
# until the panel date is arranged (ADR 0062).
APPEAL_PANEL = "appeal_panel"


def decide_by_worked_out():
    """An appeal's date to decide by, worked out from its rows (an expression over the
    appeal, OuterRef "pk" being the appeal): the panel date once arranged, otherwise the
    due date of its latest appeal_panel deadline not cancelled, otherwise unknown. What the
    panel's queue sorted by before the date was kept on the row, unchanged."""
    deadlines = Appeal._meta.get_field("deadlines").related_model  # deadline.py imports this
    panel_due = deadlines.objects.filter(
        appeal=OuterRef("pk"), kind=APPEAL_PANEL, cancelled_at__isnull=True
    ).order_by("-id")
    return Coalesce("panel_on", Subquery(panel_due.values("due_on")[:1]))


def refresh_decide_by(appeal_ids):
    """Set each appeal's decide_by from its panel date and panel deadline again: one UPDATE,
    in the caller's transaction. Called by every write of an appeal_panel deadline
    (gateway/sas/models/deadline.py) and of an appeal's panel date (ADR 0062)."""
    appeal_ids = {pk for pk in appeal_ids if pk is not None}
    if appeal_ids:
        Appeal._base_manager.filter(pk__in=sorted(appeal_ids)).update(
            decide_by=decide_by_worked_out()
        )


class Appeal(PublicIdModel, TimestampedModel, VersionedModel):
    class Against(models.TextChoices):
        PLACEMENT = "placement", "Being placed on the scheme"
        REMAINING = "remaining", "Remaining on the scheme"

    class Means(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        IN_PERSON = "in_person", "In person"
        PORTAL = "portal", "The patient's own page"
        API = "api", "Another system"

    class LodgedBy(models.TextChoices):
        PATIENT = "patient", "The patient"
        REPRESENTATIVE = "representative", "Someone representing the patient"

    class Status(models.TextChoices):
        LODGED = "lodged", "Lodged"
        ACKNOWLEDGED = "acknowledged", "Acknowledged, waiting for forms"
        PANEL_SCHEDULED = "panel_scheduled", "Panel arranged"
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    episode = models.ForeignKey("sas.Episode", on_delete=models.PROTECT, related_name="appeals")
    # The episode's commissioner, copied when the row is first saved (an episode's commissioner
    # never changes: a transfer starts a new episode), so that "this commissioner's open
    # appeals, soonest decision first" is one range of one index (ADR 0062). Never set by hand:
    # save copies it (and the person below) from the episode.
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the panel queue's index leads with it
    )
    # The episode's person, copied the same way (an episode's person never changes), so the
    # queue checks each row against the relationships in force without reading the episode.
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # read through the panel queue's index (INCLUDE)
    )
    against = models.CharField(max_length=20, choices=Against.choices)
    received_on = models.DateField()
    means = models.CharField(max_length=20, choices=Means.choices)
    lodged_by = models.CharField(max_length=20, choices=LodgedBy.choices)
    representative_name = models.CharField(max_length=200, blank=True)
    representative_relationship = models.CharField(max_length=200, blank=True)
    grounds = models.TextField()
    is_late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.LODGED)
    acknowledged_on = models.DateField(null=True, blank=True)
    patient_form_received_on = models.DateField(null=True, blank=True)
    practice_form_received_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    panel_late_reason = models.TextField(
        blank=True, help_text="Why the panel meets after the date it was due, when it does"
    )
    papers_sent_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_out_of_order_reason = models.TextField(
        blank=True,
        help_text="Why the panel decided before the appeal was acknowledged or the panel "
        "arranged, when it did",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The day the panel must decide by, kept on the row for the panel's queue to sort by (ADR
    # 0062): the panel date once arranged, otherwise the latest appeal_panel deadline not
    # cancelled (28 days from both forms, or the scheme's figure), unknown until both forms
    # are back. Never set by hand: written only by refresh_decide_by (above), from every write
    # of a deadline and of panel_on, in the same transaction.
    decide_by = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            # The panel's queue (ADR 0062): a commissioner's open appeals, soonest decision
            # first (PostgreSQL puts an unknown date last in ascending order), then the
            # oldest. A page is one range of it.
            models.Index(
                fields=["commissioner", "decide_by", "received_on", "id"],
                include=["patient"],
                condition=Q(status__in=OPEN_APPEAL_STATUSES),
                name="sas_appeal_panel_queue",
            ),
        ]

    def __str__(self):
        return f"Appeal {self.public_id}"

    def save(self, *args, **kwargs):
        """A new appeal takes its episode's commissioner, and its panel date as the date to
        decide by (no deadline can name it yet). A saved one has its date to decide by worked
        out again from the database after the write, so a stale copy in memory never stays
        (ADR 0062)."""
        adding = self._state.adding
        if adding:
            if self.commissioner_id is None:
                self.commissioner_id = self.episode.commissioner_id
            if self.patient_id is None:
                self.patient_id = self.episode.patient_id
            self.decide_by = self.panel_on
        super().save(*args, **kwargs)
        if not adding:
            refresh_decide_by([self.pk])
            rows = type(self)._base_manager.filter(pk=self.pk)
            self.decide_by = rows.values_list("decide_by", flat=True).first()

    @property
    def is_open(self):
        return self.status in OPEN_APPEAL_STATUSES
