"""Reads for the patient's own page. Every read takes the signed-in person and returns only
their own records: there is no way to ask about anyone else (fails closed: no session, no
patient, nothing). Views reach patient data only through here and services."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from gateway.comms.models import Message
from gateway.patients.models import ContactRoute
from gateway.patients.queries import contact_plan_for
from gateway.patients.rules import contact as contact_plan
from gateway.sas.models import Appeal, Episode, Review
from gateway.sas.queries import NoPolicyInForce, policy_in_force
from gateway.sas.rules import acknowledgement_due, earliest_discharge
from gateway.sas.services.allocation import removal_dates
from gateway.sas.services.appeals import appeal_window as window
from gateway.sas.services.review_scheduling import allocation_date
from gateway.sas.states import ACTIVE_STATES, State
from gateway.support.queries.team import team_for


def code_routes(patient, on_date=None):
    """The person's mobile and email routes a code may be sent to today (their contact plan:
    usable, safe, confirmed by staff), first choice first."""
    on_date = on_date or timezone.localdate()
    routes = list(
        ContactRoute.objects.filter(
            patient=patient, kind__in=[ContactRoute.Kind.MOBILE, ContactRoute.Kind.EMAIL]
        )
    )
    flags = patient.flags.filter(ended_at__isnull=True).values_list("kind", flat=True)
    return contact_plan.usable_routes(
        routes, flag_kinds=set(flags), consents=list(patient.consents.all()), on_date=on_date
    )


def current_episode(patient):
    """The person's open time on the scheme, else their latest one, else None."""
    episodes = Episode.objects.filter(patient=patient).select_related(
        "sas_practice", "commissioner", "removing_practice"
    )
    return (
        episodes.filter(state__in=sorted(ACTIVE_STATES)).order_by("-created_at").first()
        or episodes.order_by("-created_at").first()
    )


@dataclass
class Status:
    """What the person's page says, as plain values."""

    patient: object
    episode: object = None
    on_scheme: bool = False
    state: str = ""
    since: object = None
    sas_practice: object = None
    appeal_against: str = ""
    appeal_by: object = None
    appeal_open: object = None
    last_appeal: object = None
    review: object = None
    last_remain: object = None
    earliest_leave: object = None
    discharge_plan: object = None
    # Where they must not go, and why (from the removal report, when there is one).
    removing_practice: object = None
    removed_on: object = None
    incident_on: object = None
    # What happens next with an open appeal, and by when.
    appeal_reply_by: object = None
    team: list = field(default_factory=list)
    routes: list = field(default_factory=list)  # usable today, first choice first
    awaiting_routes: list = field(default_factory=list)


def _appeal_against(episode):
    """What the person would appeal against now: staying on, after a review said so;
    otherwise being placed on the scheme."""
    has_remain = episode.history.filter(transition="decide_remain").exists()
    return Appeal.Against.REMAINING if has_remain else Appeal.Against.PLACEMENT


def appeal_window(episode):
    against = _appeal_against(episode)
    try:
        return against, window(episode, against)
    except ValidationError:  # no policy in force: the page says to ask, rather than failing
        return against, None


def scheduled_review(episode):
    return (
        Review.objects.filter(episode=episode, status=Review.Status.SCHEDULED)
        .order_by("due_on", "id")
        .first()
    )


def status_for(patient):
    status = Status(patient=patient)
    # How we contact them is what the outbox will do: the usable routes of their contact
    # plan, first choice first (their current address when no routes are recorded).
    checks = contact_plan_for(patient)
    status.routes = [c.route for c in checks if c.usable]
    status.awaiting_routes = [
        c.route for c in checks if c.route.ended_at is None and c.route.awaiting_staff_confirmation
    ]
    status.team = list(team_for(patient))
    episode = current_episode(patient)
    if episode is None:
        return status
    status.episode = episode
    status.state = episode.state
    status.on_scheme = episode.state in ACTIVE_STATES
    status.sas_practice = episode.sas_practice
    if not status.on_scheme:
        return status
    status.removing_practice = episode.removing_practice
    status.removed_on, status.incident_on = removal_dates(episode)
    status.since = allocation_date(episode)
    appeals = Appeal.objects.filter(episode=episode).order_by("-received_on", "-id")
    status.appeal_open = appeals.filter(
        status__in=[
            Appeal.Status.LODGED,
            Appeal.Status.ACKNOWLEDGED,
            Appeal.Status.PANEL_SCHEDULED,
        ]
    ).first()
    status.last_appeal = appeals.first()
    status.appeal_against, window = appeal_window(episode)
    status.appeal_by = window.due_on if window is not None else None
    status.review = scheduled_review(episode)
    status.last_remain = (
        Review.objects.filter(episode=episode, decision=Review.Decision.REMAIN)
        .exclude(Q(what_would_change_it=""))
        .order_by("-decided_at", "-id")
        .first()
    )
    try:
        policy = policy_in_force(episode.commissioner)
    except NoPolicyInForce:
        policy = None
    appeal = status.appeal_open
    if policy is not None and appeal is not None and appeal.status == Appeal.Status.LODGED:
        # The acknowledgement is due within the scheme's working days of receiving it.
        status.appeal_reply_by = acknowledgement_due(appeal.received_on, policy.values()).due_on
    if policy is not None:
        earliest = earliest_discharge(status.since, policy.values())
        status.earliest_leave = earliest.due_on if earliest else None
    if episode.state == State.DISCHARGE_PLANNED:
        status.discharge_plan = getattr(episode, "discharge_plan", None)
    return status


# --- Their letters --------------------------------------------------------------------------
# Every letter to the person says "you can also read this on your own web page": these are
# the messages written to them (routed by their contact plan, or an older letter addressed
# to them), never one to an organisation about them, and never a cancelled one.
LETTER_KINDS = (Message.Kind.ROUTED, Message.Kind.LETTER)


def letters_for(patient):
    return (
        Message.objects.filter(
            patient=patient,
            parent__isnull=True,
            recipient_organisation__isnull=True,
            kind__in=LETTER_KINDS,
        )
        .exclude(status=Message.Status.CANCELLED)
        .defer("pdf", "variants")
        .order_by("-created_at", "-id")
    )


def letter_for(patient, public_id):
    """One of the person's own letters; anything else does not exist (404)."""
    letter = letters_for(patient).filter(public_id=public_id).first()
    if letter is None:
        raise Http404("No letter matches the given query.")
    return letter
