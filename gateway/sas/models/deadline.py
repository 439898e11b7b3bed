"""A deadline on an SAS episode: the date something is due, with the rule and policy version
that set it, and the copies of its episode's organisations and soonest date that the
worklists and the episode list read (docs/adr/0043-lists-that-stay-fast.md)."""

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from gateway.core.models import TimestampedModel
from gateway.sas.rules import long_date, rule_source

from .appeal import APPEAL_PANEL, refresh_decide_by
from .caseload_key import refresh_caseload_due_of_episodes
from .episode import Episode

# A deadline still to be met. One paused while the patient is in custody is left out: it is
# on no worklist and never overdue until release moves it on (docs/adr/0019).
OPEN_DEADLINE = Q(met_at__isnull=True, cancelled_at__isnull=True, suspended_at__isnull=True)


def _panel_appeal_ids(deadlines):
    """The appeals whose date to decide by rests on any of these deadline rows. A row's kind
    and appeal are set when it is written and never changed by a service (the check after
    every SAS test would fail the test that did)."""
    return {d.appeal_id for d in deadlines if d.kind == APPEAL_PANEL}


def refresh_next_due(episode_ids):
    """Set each episode's next_due_on and next_due_label from its open deadlines again, and
    its person's caseload date: two UPDATEs, in the caller's transaction. Called by every
    write of a deadline."""
    episode_ids = {pk for pk in episode_ids if pk is not None}
    if not episode_ids:
        return
    soonest = Deadline.objects.filter(OPEN_DEADLINE, episode=OuterRef("pk")).order_by(
        "due_on", "id"
    )
    Episode.objects.filter(pk__in=sorted(episode_ids)).update(
        next_due_on=Subquery(soonest.values("due_on")[:1]),
        next_due_label=Coalesce(Subquery(soonest.values("label")[:1]), Value("")),
    )
    # The people's caseload date rests on the same deadlines.
    refresh_caseload_due_of_episodes(episode_ids)


def copy_practices_to_deadlines(episode):
    """Every deadline of the episode, open or not, takes the episode's SAS practice and
    removing practice as they are now: one UPDATE, in the caller's transaction, by every
    service that changes either (allocation, a move to another SAS practice). The dates do
    not change, so next_due_on is not refreshed."""
    rows = Deadline.objects.filter(episode_id=episode.pk)
    return models.QuerySet.update(
        rows,
        sas_practice_id=episode.sas_practice_id,
        removing_practice_id=episode.removing_practice_id,
    )


class DeadlineQuerySet(models.QuerySet):
    """Deadline rows; every bulk write keeps the episodes' next_due_on and the appeals'
    decide_by right."""

    def _touched(self):
        """(episode ids, ids of the appeals whose decide_by rests on these rows): one query."""
        rows = self.order_by().values_list("episode_id", "appeal_id", "kind").distinct()
        episode_ids, appeal_ids = set(), set()
        for episode_id, appeal_id, kind in rows:
            episode_ids.add(episode_id)
            if kind == APPEAL_PANEL:
                appeal_ids.add(appeal_id)
        return episode_ids, appeal_ids

    def update(self, **values):
        episode_ids, appeal_ids = self._touched()
        changed = super().update(**values)
        refresh_next_due(episode_ids)
        if {"kind", "appeal", "appeal_id"} & set(values):
            # Not a write any service makes: the rows' appeals as they are now, too.
            appeal_ids |= self._touched()[1]
        refresh_decide_by(appeal_ids)
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for deadline in objs:
            deadline.copy_from_episode()
        created = super().bulk_create(objs, *args, **kwargs)
        refresh_next_due(d.episode_id for d in created)
        refresh_decide_by(_panel_appeal_ids(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        changed = super().bulk_update(objs, fields, *args, **kwargs)
        refresh_next_due(d.episode_id for d in objs)
        refresh_decide_by(_panel_appeal_ids(objs))
        return changed

    def delete(self):
        episode_ids, appeal_ids = self._touched()
        deleted = super().delete()
        refresh_next_due(episode_ids)
        refresh_decide_by(appeal_ids)
        return deleted


class Deadline(TimestampedModel):
    """A date something is due on an episode, with the rule and policy version that set it,
    so a page can say why."""

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="deadlines", db_index=False
    )
    # The episode's commissioner, copied onto the row when it is written (an episode's
    # commissioner never changes: a transfer starts a new episode), so that "this
    # commissioner's open deadlines, soonest first" is one range of one index and the
    # worklist reads a page of it without visiting the rest (docs/adr/0043). Never set by
    # hand: save and bulk_create copy it from the episode.
    commissioner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # the open-deadlines index below leads with it
    )
    # The episode's SAS practice and removing practice, copied for the same reason: each
    # practice's worklist is one range of its own index (docs/adr/0043, section 4a). Unlike
    # the commissioner these can change (allocation, a move to another SAS practice):
    # copy_practices_to_deadlines rewrites every deadline of the episode in the transaction
    # that changes the episode. Never set by hand.
    sas_practice = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # sas_deadline_sas_practice_due leads with it
    )
    removing_practice = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # sas_deadline_removing_due leads with it
    )
    # What the deadline is about, where it is about one thing on the episode: an appeal's
    # steps, or a review's inputs and due date. Empty for episode-wide deadlines.
    appeal = models.ForeignKey(
        "sas.Appeal", on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines"
    )
    review = models.ForeignKey(
        "sas.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines"
    )
    kind = models.CharField(max_length=50)
    label = models.CharField(max_length=200)
    starts_on = models.DateField()
    due_on = models.DateField()
    due_at = models.DateTimeField(null=True, blank=True)
    rule = models.CharField(max_length=200)
    explanation = models.CharField(max_length=300)
    policy = models.ForeignKey("sas.SchemePolicy", on_delete=models.PROTECT, related_name="+")
    met_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Set while the patient is in custody: the deadline waits (on no worklist, never
    # overdue) and moves on by the time in custody on release (docs/adr/0019).
    suspended_at = models.DateTimeField(null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="sas_deadline_open_due",
            ),
            models.Index(fields=["episode", "kind"]),
            # The worklist's order for a commissioner (docs/adr/0043): its open deadlines,
            # soonest first. The condition is OPEN_DEADLINE's, so open_deadlines() uses it.
            models.Index(
                fields=["commissioner", "due_on", "id"],
                condition=OPEN_DEADLINE,
                name="sas_deadline_commissioner_due",
            ),
            # The same for the SAS practice's and the removing practice's worklists.
            models.Index(
                fields=["sas_practice", "due_on", "id"],
                condition=OPEN_DEADLINE,
                name="sas_deadline_sas_practice_due",
            ),
            models.Index(
                fields=["removing_practice", "due_on", "id"],
                condition=OPEN_DEADLINE,
                name="sas_deadline_removing_due",
            ),
        ]

    def __str__(self):
        return f"{self.label} by {self.due_on:%Y-%m-%d}"

    def copy_from_episode(self):
        """Set the row's commissioner, SAS practice and removing practice from its episode's
        (see the fields), once: a row whose commissioner is set has been copied already (a
        saved row, or a clone of one whose organisations were mapped with its episode's)."""
        if self.commissioner_id is None:
            episode = self.episode
            self.commissioner_id = episode.commissioner_id
            self.sas_practice_id = episode.sas_practice_id
            self.removing_practice_id = episode.removing_practice_id

    def save(self, *args, **kwargs):
        self.copy_from_episode()
        super().save(*args, **kwargs)
        refresh_next_due([self.episode_id])
        refresh_decide_by(_panel_appeal_ids([self]))

    def delete(self, *args, **kwargs):
        episode_id = self.episode_id
        deleted = super().delete(*args, **kwargs)
        refresh_next_due([episode_id])
        refresh_decide_by(_panel_appeal_ids([self]))
        return deleted

    @classmethod
    def from_rule(cls, episode, deadline, policy, *, appeal=None, review=None):
        """An unsaved row from a ``gateway.sas.rules.Deadline`` worked out under policy,
        about appeal or review if given."""
        if deadline.policy_version != policy.version:
            raise ValueError("The deadline was worked out under a different policy version")
        return cls(
            episode=episode,
            appeal=appeal,
            review=review,
            kind=deadline.kind,
            label=deadline.label,
            starts_on=deadline.starts_on,
            due_on=deadline.due_on,
            due_at=deadline.due_at,
            rule=deadline.rule,
            explanation=deadline.explanation,
            policy=policy,
        )

    def describe(self):
        return f"{self.label} by {long_date(self.due_on)} — {self.explanation}"

    def source(self):
        """Where the rule comes from: the national rule, if any, and the scheme policy by
        name and version."""
        return rule_source(self.kind, str(self.policy))
