"""Appeals: one appeal the organisation may see, and the panel's queue of open appeals
waiting for the panel to decide."""

from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.accounts.rules import roles_in
from gateway.core.figures import aggregate_query
from gateway.core.prepared import Statement
from gateway.patients.queries import active_relationships

from ..models import Appeal
from ..models.appeal import OPEN_APPEAL_STATUSES
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


def panel_queue(user, organisation):
    """The commissioner's open appeals, each with when the panel's decision is due: on the
    panel date once it is arranged, otherwise by the date the panel must meet (28 days from
    both forms, or the scheme's figure), unknown until both forms are back. Soonest first,
    then oldest received: the order the panel works in. A page reads only the rows
    the page holds.

    Read as one range of the index ``sas_appeal_panel_queue`` (ADR 0062): the date is kept on
    the appeal row (``decide_by``) with copies of the episode's commissioner and person, and
    each row's person is checked against the organisation's relationships in force as the
    range is read, so a page stops after its rows. That is the
    whole scope for these rows: for a commissioner it is what ``visible_episodes`` asks, and
    a panel member's scope (the people before the panel) adds "an open appeal on one of the
    commissioner's episodes", true of every row here. Anyone else has no queue (nothing)."""
    if not has_panel_queue(organisation, roles_in(user, organisation)):
        return Appeal.objects.none()
    return (
        _open_appeals(organisation.pk, timezone.localdate())
        .select_related("episode__patient")
        .order_by(F("decide_by").asc(nulls_last=True), "received_on", "id")
    )


def _open_appeals(organisation_id, today):
    """The panel's queue, unordered, from the commissioner's key and the day alone."""
    in_force = active_relationships(Organisation(pk=organisation_id), today).values("patient_id")
    return Appeal.objects.filter(
        commissioner_id=organisation_id,
        status__in=OPEN_APPEAL_STATUSES,
        patient_id__in=in_force,
    )


def _counted(shape, *, organisation_id, today):
    return aggregate_query(
        _open_appeals(organisation_id, today),
        waiting=Count("pk"),
        panel_arranged=Count("pk", filter=Q(panel_on__isnull=False)),
        papers_sent=Count("pk", filter=Q(papers_sent_on__isnull=False)),
        overdue=Count("pk", filter=Q(decide_by__lt=today)),
    )


# Built and compiled once a process (ADR 0068): its SQL is the same for every commissioner.
COUNTS = Statement(_counted)


def panel_queue_counts(user, organisation, today=None):
    """How many appeals wait for the panel, how many have a panel date and papers sent, and
    how many are past the day the decision was due (home page and menu), or None for those
    with no queue. One query, over the commissioner's open appeals alone (the index
    ``sas_appeal_panel_queue``)."""
    if not has_panel_queue(organisation, roles_in(user, organisation)):
        return None
    today = today or timezone.localdate()
    return COUNTS.rows("panel queue", organisation_id=organisation.pk, today=today)[0]
