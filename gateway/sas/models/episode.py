"""A patient's time on (or on the way to) the Special Allocation Scheme, its status history
and its deadlines. The state changes only through ``gateway.sas.services.transition``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from gateway.core.models import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    PublicIdModel,
    TimestampedModel,
    VersionedModel,
)
from gateway.sas.states import OPEN_STATES, STATE_CHOICES, STATES, TERMINAL_STATES, State


class Episode(PublicIdModel, TimestampedModel, VersionedModel):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="sas_episodes"
    )
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="sas_episodes",
        limit_choices_to={"kind": "commissioner"},
        db_index=False,
    )
    # Empty for a commissioner-instigated allocation
    # (docs/domain/sas-removal-and-allocation.md#other-ways-onto-the-scheme), e.g. after prison.
    removing_practice = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sas_removals",
        limit_choices_to={"kind": "gp_practice"},
        db_index=False,
    )
    sas_practice = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sas_patients",
        limit_choices_to={"kind": "gp_practice", "is_sas_practice": True},
        db_index=False,
    )
    state = models.CharField(max_length=40, choices=STATE_CHOICES, default=State.REPORTED)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # The soonest open deadline (docs/adr/0043-lists-that-stay-fast.md): what the episode list
    # sorts by, kept here so that a page of the list is read off an index instead of working
    # out every visible episode's next deadline first. Never written by hand: every write of
    # a deadline (Deadline.save, and the DeadlineQuerySet's update, bulk_create and delete)
    # sets it again in the same transaction (refresh_next_due).
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    next_due_label = models.CharField(max_length=200, blank=True, default="", editable=False)
    # When the episode first went on the scheme (its first status change to allocated) and
    # first closed (its first change to a closed state), as its status history says: what
    # the insight figures count by (ADR 0029), kept here so a dashboard reads them off the
    # row instead of working them out from every episode's history. Never written by hand:
    # every status history row written (StatusHistory.save and bulk_create) sets them in the
    # same transaction, the first time only (set_status_times).
    allocated_at = models.DateTimeField(
        "first allocated",
        null=True,
        blank=True,
        editable=False,
        help_text="When the episode first went on the scheme (allocated to an SAS practice)",
    )
    closed_at = models.DateTimeField(
        "first closed",
        null=True,
        blank=True,
        editable=False,
        help_text="When the episode first ended (closed)",
    )

    class Meta:
        constraints = [
            # A person is on at most one scheme at a time; a transfer ends one episode and
            # starts another (docs/domain/sas-other-changes.md#moving-out-of-area).
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(state__in=sorted(OPEN_STATES)),
                name="one_open_sas_episode_per_patient",
            ),
            models.CheckConstraint(condition=Q(state__in=STATES), name="sas_episode_state_known"),
        ]
        indexes = [
            models.Index(fields=["commissioner", "state"]),
            models.Index(fields=["sas_practice", "state"]),
            models.Index(fields=["removing_practice", "state"]),
            # The episode list's practice filters for a commissioner (ADR 0051 section 7).
            models.Index(fields=["commissioner", "sas_practice"], name="sas_episode_comm_sas"),
            models.Index(
                fields=["commissioner", "removing_practice"], name="sas_episode_comm_removing"
            ),
            # The episode list's order: soonest next deadline first (none last), newest first.
            models.Index(
                fields=["next_due_on", "-created_at", "-id"], name="sas_episode_list_order"
            ),
            # The insight figures: an area's episodes not closed before a moment (ADR 0029).
            models.Index(fields=["commissioner", "closed_at"], name="sas_episode_area_closed"),
        ]

    def __str__(self):
        return f"SAS episode {self.public_id} ({self.get_state_display()})"

    def clean(self):
        errors = {}
        if self.commissioner_id and self.commissioner.kind != "commissioner":
            errors["commissioner"] = ["Choose a commissioner (an ICB or region)"]
        if self.removing_practice_id and self.removing_practice.kind != "gp_practice":
            errors["removing_practice"] = ["The removing organisation must be a GP practice"]
        if self.sas_practice_id and not self.sas_practice.is_sas_practice:
            errors["sas_practice"] = ["Choose a practice commissioned as an SAS practice"]
        if errors:
            raise ValidationError(errors)


# The status history rows that say when an episode went on the scheme and when it closed:
# the first (by time, then id) of each sets Episode.allocated_at and closed_at.
STATUS_TIMES = {
    "allocated_at": Q(to_state=State.ALLOCATED),
    "closed_at": Q(to_state__in=sorted(TERMINAL_STATES)),
}


def status_time_field(to_state):
    """Which of the episode's status times a change to to_state may set, if any."""
    if to_state == State.ALLOCATED:
        return "allocated_at"
    return "closed_at" if to_state in TERMINAL_STATES else None


def set_status_times(episode_ids):
    """Set each episode's allocated_at and closed_at from its status history again: one
    UPDATE, in the caller's transaction. For rows written in bulk."""
    episode_ids = sorted({pk for pk in episode_ids if pk is not None})
    if not episode_ids:
        return
    Episode.objects.filter(pk__in=episode_ids).update(
        **{
            field: Subquery(
                StatusHistory.objects.filter(condition, episode=OuterRef("pk"))
                .order_by("at", "id")
                .values("at")[:1]
            )
            for field, condition in STATUS_TIMES.items()
        }
    )


class StatusHistoryQuerySet(AppendOnlyQuerySet):
    """Status history rows; writing them in bulk keeps their episodes' status times right."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        set_status_times(h.episode_id for h in created if status_time_field(h.to_state))
        return created


class StatusHistory(AppendOnlyModel):
    """History of an SAS episode's state: one row per state change (from, to, the
    transition, who, why), written once and never changed or removed (append-only history,
    ADR 0026). Writing one sets its episode's allocated_at or closed_at the first time."""

    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="history", db_index=False
    )
    from_state = models.CharField(max_length=40, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(max_length=40, choices=STATE_CHOICES)
    transition = models.CharField(max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    objects = StatusHistoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "status history"
        ordering = ["episode", "at", "id"]
        indexes = [models.Index(fields=["episode", "at"])]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state} ({self.transition})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        field = status_time_field(self.to_state)
        if field is None:
            return
        # The first time only: a later row (a release from custody back to allocated, a
        # reopened episode closing again) leaves it; an earlier one (history recorded from
        # before Gateway) takes its place. One UPDATE, in the caller's transaction.
        earlier = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": self.at})
        Episode.objects.filter(earlier, pk=self.episode_id).update(**{field: self.at})
        if StatusHistory.episode.is_cached(self):  # the caller's copy says what is stored
            stored = getattr(self.episode, field)
            if stored is None or stored > self.at:
                setattr(self.episode, field, self.at)
