"""The worklist: open deadlines and unanswered information requests each role acts on, on
open episodes the organisation may see, soonest first; and the home page's counts of them."""

import datetime

from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.utils import timezone

from gateway.accounts.models import Role

from ..models import Deadline, InformationRequest
from ..states import OPEN_STATES
from .episodes import open_deadlines, visible_episodes

# What each role acts on. Deadline kinds are stable codes set by the
# rules (gateway.sas.rules.deadlines) and the parts' services.
PRACTICE_KINDS = frozenset(
    {"written_confirmation", "practice_incident_form", "information_request"}
)
SAS_PRACTICE_KIND_PREFIXES = ("review", "discharge")
PANEL_KINDS = frozenset({"appeal_panel", "panel_papers", "exception_panel"})


def _deadline_scope(organisation, roles):
    """Which open deadlines the roles held in organisation act on, as a Q (None: none)."""
    scope = Q(pk__in=[])
    matched = False
    if Role.COMMISSIONER in roles:
        scope |= Q(episode__commissioner=organisation)
        matched = True
    if Role.PANEL_MEMBER in roles:
        scope |= Q(episode__commissioner=organisation, kind__in=sorted(PANEL_KINDS))
        matched = True
    if Role.PRACTICE_STAFF in roles:
        scope |= Q(episode__removing_practice=organisation, kind__in=sorted(PRACTICE_KINDS))
        matched = True
    if Role.SAS_PRACTICE_STAFF in roles:
        kinds = Q(kind__startswith=SAS_PRACTICE_KIND_PREFIXES[0])
        for prefix in SAS_PRACTICE_KIND_PREFIXES[1:]:
            kinds |= Q(kind__startswith=prefix)
        scope |= Q(episode__sas_practice=organisation) & kinds
        matched = True
    return scope if matched else None


def _information_request_scope(organisation, roles):
    scope = Q(pk__in=[])
    matched = False
    if Role.COMMISSIONER in roles:
        scope |= Q(episode__commissioner=organisation)
        matched = True
    if Role.PRACTICE_STAFF in roles:
        scope |= Q(episode__removing_practice=organisation)
        matched = True
    return scope if matched else None


def _worklist_sources(user, organisation, roles):
    """(open deadlines, open information requests) the organisation and roles act on, on
    open episodes it may see. Nothing is due on a closed episode."""
    roles = {str(r) for r in roles or ()}
    episodes = visible_episodes(user, organisation).filter(state__in=sorted(OPEN_STATES))
    deadline_scope = _deadline_scope(organisation, roles)
    request_scope = _information_request_scope(organisation, roles)
    deadlines = (
        open_deadlines().filter(deadline_scope, episode__in=episodes)
        if deadline_scope is not None
        else Deadline.objects.none()
    )
    # The request service also writes an "information_request" deadline; where it has,
    # that row stands for the request, so it is not listed twice.
    has_deadline = open_deadlines().filter(episode=OuterRef("episode"), kind="information_request")
    requests = (
        InformationRequest.objects.filter(
            request_scope, answered_at__isnull=True, episode__in=episodes
        ).exclude(Exists(has_deadline))
        if request_scope is not None
        else InformationRequest.objects.none()
    )
    return deadlines, requests


WORKLIST_HORIZON_DAYS = 56


def worklist_horizon(today=None):
    """The last day the worklist shows by default: what is overdue or due in the next 8
    weeks. A review a year away is not today's work; it stays one click away."""
    return (today or timezone.localdate()) + datetime.timedelta(days=WORKLIST_HORIZON_DAYS)


def worklist(user, organisation, roles, *, until=None, after=None):
    """Everything due, soonest (so most overdue) first, as one sortable queryset of
    (source, id, due_on) rows that a Paginator can count and slice in the database.
    ``until`` keeps rows due on or before a day; ``after`` keeps rows due after one.
    ``worklist_items`` turns a page of these rows into objects with what to show."""
    deadlines, requests = _worklist_sources(user, organisation, roles)
    if until is not None:
        deadlines, requests = (
            deadlines.filter(due_on__lte=until),
            requests.filter(due_on__lte=until),
        )
    if after is not None:
        deadlines, requests = deadlines.filter(due_on__gt=after), requests.filter(due_on__gt=after)
    # Each side drops its model's default ordering: a compound query orders as a whole.
    rows = (
        deadlines.order_by()
        .annotate(source=Value("deadline", output_field=CharField()))
        .values_list("source", "pk", "due_on")
    )
    request_rows = (
        requests.order_by()
        .annotate(source=Value("information_request", output_field=CharField()))
        .values_list("source", "pk", "due_on")
    )
    return rows.union(request_rows, all=True).order_by("due_on", "source", "pk")


def worklist_items(rows):
    """The objects behind one page of worklist rows, in the page's order: two queries
    whatever the page holds."""
    rows = list(rows)
    related = ("episode__patient", "episode__sas_practice", "episode__commissioner")
    deadline_ids = [pk for source, pk, _ in rows if source == "deadline"]
    request_ids = [pk for source, pk, _ in rows if source == "information_request"]
    found = {}
    if deadline_ids:
        for d in Deadline.objects.select_related(*related).filter(pk__in=deadline_ids):
            found[("deadline", d.pk)] = d
    if request_ids:
        for r in InformationRequest.objects.select_related(*related).filter(pk__in=request_ids):
            found[("information_request", r.pk)] = r
    return [found[(source, pk)] for source, pk, _ in rows if (source, pk) in found]


def worklist_counts(user, organisation, roles, today=None):
    """How many items are overdue and how many fall due in the next 7 days (home page)."""
    today = today or timezone.localdate()
    week = today + datetime.timedelta(days=7)
    counts = {"overdue": 0, "due_soon": 0}
    for source in _worklist_sources(user, organisation, roles):
        totals = source.aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=week)),
        )
        counts["overdue"] += totals["overdue"]
        counts["due_soon"] += totals["due_soon"]
    return counts


def home_counts(user, organisation, roles):
    """The home page's worklist counts, or None for someone who does not work with
    patients' records (they have no worklist)."""
    if organisation is None or not user.has_perm("patients.view_patient", organisation):
        return None
    return worklist_counts(user, organisation, roles)
