"""What an episode's page reads, once each: the episode with its patient (their recorded
death and open flags), and each kind of row about the episode in one query whatever the
number (deadlines, appeals, reviews, status history, allocations). The page's parts (what
is due, the action links, the reviews panel, the timeline) are cut from these rows in Python
rather than each reading its own."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404

from gateway.core.prepared import Statement
from gateway.patients.queries import (
    DEATH,
    open_flags_prefetch,
    organisation_scope_ids,
    read_scoped,
)

from ..models import Allocation, Appeal, Deadline, Episode, Review, StatusHistory
from ..models.deadline import OPEN_DEADLINE
from .episodes import visible_episodes

OPEN_APPEAL_STATUSES = (
    Appeal.Status.LODGED,
    Appeal.Status.ACKNOWLEDGED,
    Appeal.Status.PANEL_SCHEDULED,
)


# What the page shows of the episode's organisations and reports: read by the episode's key
# after the scoped read. Joined into the scoped read they made PostgreSQL plan ten relations
# (25 ms of planning for 0.3 ms of work on the bench's 4x data); apart, both plan in about
# 2 ms (docs/adr/0061).
EPISODE_PARTS = (
    "commissioner",
    "sas_practice",
    "removing_practice",
    "removal_report",
    "record_before_gateway",
)


def _scoped(shape, *, organisation_id, today, public_id):
    """The page's scoped read for an organisation-wide scope, from values alone."""
    episodes = Episode.objects.filter(
        patient_id__in=organisation_scope_ids(organisation_id, today), public_id=public_id
    )
    return _with_person(episodes)


def _with_person(episodes):
    return (
        episodes.select_related("patient", f"patient__{DEATH}")
        .prefetch_related(open_flags_prefetch(through="patient"))
        .only("pk", "patient")
    )


def _parts(shape, *, pk):
    return Episode.objects.select_related(*EPISODE_PARTS).filter(pk=pk)


# Built and compiled once a process (ADR 0068).
SCOPED, PARTS = Statement(_scoped, planned_once=True), Statement(_parts, planned_once=True)


def get_episode_for_page(user, organisation, public_id):
    """The episode as ``get_visible_episode`` scopes it (404 when not visible), with what its
    page shows of the patient: their recorded death and ``patient.open_flags``. Two queries
    and the flags' prefetch: the scoped read with the person, then the episode's parts by its
    key (``EPISODE_PARTS``). Each by a unique key, so neither is ordered nor limited."""
    scoped = read_scoped(
        SCOPED,
        "episode page",
        user,
        organisation,
        public_id,
        lambda: _with_person(visible_episodes(user, organisation).filter(public_id=public_id)),
    )
    found = PARTS.rows("episode parts", pk=scoped[0].pk) if scoped else []
    if not found:
        raise Http404("No episode matches the given query.")
    episode = found[0]
    episode.patient = scoped[0].patient
    return episode


@dataclass
class EpisodePageRows:
    """Every row the episode page shows about the episode, read once."""

    deadlines: list  # all of them, each with ``is_open`` (OPEN_DEADLINE), soonest first
    appeals: list  # newest received first
    reviews: list  # soonest due first
    history: list
    allocations: list

    @property
    def open_deadlines(self):
        """As gateway.sas.queries.episode_deadlines: still to be met, not paused."""
        return [deadline for deadline in self.deadlines if deadline.is_open]

    @property
    def open_appeal(self):
        """As gateway.sas.queries.open_appeal_and_review: the newest appeal in progress."""
        return next((a for a in self.appeals if a.status in OPEN_APPEAL_STATUSES), None)

    @property
    def scheduled_review(self):
        """The soonest review still scheduled."""
        return next((r for r in self.reviews if r.status == Review.Status.SCHEDULED), None)

    def timeline_rows(self):
        """The rows gateway.sas.presenters.timeline tells, as episode_timeline_rows reads
        them: deadlines met or cancelled, reviews held or cancelled."""
        return {
            "history": self.history,
            "deadlines": [d for d in self.deadlines if d.met_at or d.cancelled_at],
            "appeals": self.appeals,
            "reviews": [r for r in self.reviews if r.status != Review.Status.SCHEDULED],
            "allocations": self.allocations,
        }


def episode_page_rows(episode):
    """The episode's rows for its page: five queries whatever their number."""
    deadlines = (
        Deadline.objects.filter(episode=episode)
        .annotate(is_open=ExpressionWrapper(OPEN_DEADLINE, output_field=BooleanField()))
        .select_related("policy__commissioner")
        .order_by("due_on", "id")
    )
    return EpisodePageRows(
        deadlines=list(deadlines),
        appeals=list(Appeal.objects.filter(episode=episode).order_by("-received_on", "-id")),
        reviews=list(Review.objects.filter(episode=episode).order_by("due_on", "id")),
        history=list(StatusHistory.objects.filter(episode=episode).select_related("organisation")),
        allocations=list(Allocation.objects.filter(episode=episode).select_related("sas_practice")),
    )
