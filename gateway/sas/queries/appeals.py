"""Appeals: one appeal the organisation may see, and the panel's queue of open appeals
waiting for the panel to decide."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation

from ..models import Appeal, Deadline
from .episodes import visible_episodes


def get_visible_appeal(user, organisation, public_id):
    appeal = (
        Appeal.objects.select_related(
            "episode__patient",
            "episode__commissioner",
            "episode__sas_practice",
            "episode__removing_practice",
        )
        .filter(public_id=public_id, episode__in=visible_episodes(user, organisation))
        .first()
    )
    if appeal is None:
        raise Http404("No appeal matches the given query.")
    return appeal


PANEL_QUEUE_ROLES = frozenset({"commissioner", "panel_member"})


def appeals_on(episode):
    """The appeals on one episode, newest first (the model's ordering)."""
    return Appeal.objects.filter(episode=episode)


def current_appeal(appeal):
    """The appeal as stored now (after someone else's change)."""
    return Appeal.objects.get(pk=appeal.pk)


def has_panel_queue(organisation, roles):
    """Panel members (and the commissioners who run the panels) of a commissioner."""
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.COMMISSIONER
        and bool({str(r) for r in roles or ()} & PANEL_QUEUE_ROLES)
    )


def panel_queue(user, organisation, *, episodes=None):
    """The commissioner's open appeals, each with when the panel's decision is due: on the
    panel date once it is arranged, otherwise by the date the panel must meet (28 days from
    both forms, or the scheme's figure), unknown until both forms are back. Soonest first,
    then the oldest appeals; one query for a page of rows, whatever the page holds."""
    episodes = visible_episodes(user, organisation) if episodes is None else episodes
    episodes = episodes.filter(commissioner=organisation)
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    return (
        Appeal.objects.filter(
            episode__in=episodes,
            status__in=[
                Appeal.Status.LODGED,
                Appeal.Status.ACKNOWLEDGED,
                Appeal.Status.PANEL_SCHEDULED,
            ],
        )
        .select_related("episode__patient")
        .annotate(panel_due_on=Subquery(panel_due.values("due_on")[:1]))
        .annotate(decision_due_on=Coalesce("panel_on", "panel_due_on"))
        .order_by(F("decision_due_on").asc(nulls_last=True), "received_on", "id")
    )


def panel_queue_counts(user, organisation, today=None, *, episodes=None):
    """How many appeals wait for the panel, how many have a panel date and papers sent, and
    how many are past the day the decision was due (home page and menu). One query.
    ``episodes``: the visible episodes already built (the home page's)."""
    today = today or timezone.localdate()
    return (
        panel_queue(user, organisation, episodes=episodes)
        .order_by()
        .aggregate(
            waiting=Count("pk"),
            panel_arranged=Count("pk", filter=Q(panel_on__isnull=False)),
            papers_sent=Count("pk", filter=Q(papers_sent_on__isnull=False)),
            overdue=Count("pk", filter=Q(decision_due_on__lt=today)),
        )
    )
