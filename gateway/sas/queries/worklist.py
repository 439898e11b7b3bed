"""The worklist: open deadlines and unanswered information requests each role acts on, on
open episodes the organisation may see, soonest first; and the home page's counts of them."""

import datetime
import heapq

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.core.figures import CountUpTo, compiled, figures_query, in_scope_by_key, named
from gateway.core.prepared import Statement
from gateway.patients.queries import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patient_ids_compiled,
)

from ..models import Deadline, Episode, InformationRequest
from ..states import OPEN_STATES
from .episodes import open_deadlines

# What each role acts on. Deadline kinds are stable codes set by the
# rules (gateway.sas.rules.deadlines) and the parts' services.
PRACTICE_KINDS = frozenset(
    {"written_confirmation", "practice_incident_form", "information_request"}
)
SAS_PRACTICE_KIND_PREFIXES = ("review", "discharge")
PANEL_KINDS = frozenset({"appeal_panel", "panel_papers", "exception_panel"})


def _sas_practice_kinds():
    kinds = Q(kind__startswith=SAS_PRACTICE_KIND_PREFIXES[0])
    for prefix in SAS_PRACTICE_KIND_PREFIXES[1:]:
        kinds |= Q(kind__startswith=prefix)
    return kinds


def _deadline_scopes(organisation, roles):
    """Which open deadlines the roles held in organisation act on, as one Q per part the
    organisation plays (none: an empty list). Each part is read by the deadline row's copy
    of its episode's commissioner, SAS practice or removing practice, so each is one range
    of that column's open-deadlines index, soonest first (sas_deadline_commissioner_due,
    sas_deadline_sas_practice_due, sas_deadline_removing_due: docs/adr/0043, section 4a),
    and the worklist reads each only as far as the page. The parts never share a row (an
    organisation is a commissioner or a practice, and a practice's two parts act on
    different kinds), so their merge lists each deadline once."""
    scopes = []
    if Role.COMMISSIONER in roles:
        # The panel's kinds are the commissioner's own deadlines: no second part.
        scopes.append(Q(commissioner=organisation))
    elif Role.PANEL_MEMBER in roles:
        scopes.append(Q(commissioner=organisation, kind__in=sorted(PANEL_KINDS)))
    if Role.PRACTICE_STAFF in roles:
        scopes.append(Q(removing_practice=organisation, kind__in=sorted(PRACTICE_KINDS)))
    if Role.SAS_PRACTICE_STAFF in roles:
        scopes.append(Q(sas_practice=organisation) & _sas_practice_kinds())
    return scopes


def _information_request_scope(organisation, roles):
    """Which episodes' unanswered requests the roles act on, as a Q on the episode (None:
    none). It is applied inside the visible-episodes subquery, so the few open requests are
    read first and each episode is looked up once by its key."""
    scope = Q(pk__in=[])
    matched = False
    if Role.COMMISSIONER in roles:
        scope |= Q(commissioner=organisation)
        matched = True
    if Role.PRACTICE_STAFF in roles:
        scope |= Q(removing_practice=organisation)
        matched = True
    return scope if matched else None


def acts_on_worklist(roles):
    """Whether any of the roles acts on an open deadline or information request (a support
    worker's do not: their worklist is always empty)."""
    roles = {str(r) for r in roles or ()}
    return (
        bool(_deadline_scopes(None, roles)) or _information_request_scope(None, roles) is not None
    )


def _worklist_sources(user, organisation, roles, patients=None):
    """([open deadlines, one per part the organisation plays], open information requests)
    the organisation and roles act on, on open episodes it may see. Nothing is due on a
    closed episode. ``patients``: the people the organisation may see, as ids (default
    ``visible_patient_ids``; the home page passes them compiled once)."""
    roles = {str(r) for r in roles or ()}
    parts = _deadline_scopes(organisation, roles)
    request_scope = _information_request_scope(organisation, roles)
    if not parts and request_scope is None:
        # Roles that act on nothing here (a support worker): nothing to scope or compile.
        return [Deadline.objects.none()], InformationRequest.objects.none()
    # The scope is compiled once and shared by every part and window (the home page counts
    # four of them in one statement: ADR 0053, update).
    if patients is None:
        patients = visible_patient_ids_compiled(user, organisation)
    # Each row's person is checked against the scope by key (in_scope_by_key), never the
    # scope joined whole: a page's keys are read off the part's open-deadlines index in
    # order, each row's episode and person checked, stopping at the page, instead of first
    # gathering every visible open episode (ADR 0066 "Not yet", ADR 0067).
    episodes = Episode.objects.filter(
        in_scope_by_key("patient_id", patients), state__in=sorted(OPEN_STATES)
    )
    deadlines = [
        open_deadlines().filter(
            scope,
            in_scope_by_key("episode__patient_id", patients),
            episode__state__in=sorted(OPEN_STATES),
        )
        for scope in parts
    ] or [Deadline.objects.none()]
    # The request service also writes an "information_request" deadline; where it has,
    # that row stands for the request, so it is not listed twice.
    has_deadline = open_deadlines().filter(episode=OuterRef("episode"), kind="information_request")
    requests = (
        InformationRequest.objects.filter(
            answered_at__isnull=True, episode_id__in=compiled(episodes.filter(request_scope))
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


class WorklistRows:
    """The worklist's (source, id, due_on) rows, soonest (so most overdue) first, from its two
    sources: open deadlines and unanswered information requests. Each source is read in
    (due_on, id) order off an index and the two are merged here, so a page reads only as many
    rows of each as the page ends at, and counting stops at a limit: the work is bounded
    whatever the number of open deadlines in scope (docs/adr/0043-lists-that-stay-fast.md).
    Rows due the same day keep the order they always had: deadlines before requests, then
    by id. A Paginator slices it; ``count_up_to`` is its bounded count (gateway.core.
    pagination); iterating reads every row (for a test or a short list)."""

    def __init__(self, sources, counted=None):
        self.sources = [
            (name, rows.order_by("due_on", "pk").values_list("pk", "due_on"))
            for name, rows in sources
        ]
        # (how many, the limit they were counted to) when already counted in one statement
        # with other figures (``count_windows``): a count up to that limit asks nothing more.
        self.counted = counted

    def _merged(self, stop=None):
        streams = [
            # .all(): a fresh read each time, never a result cached by an earlier one
            [(due_on, name, pk) for pk, due_on in (rows.all() if stop is None else rows[:stop])]
            for name, rows in self.sources
        ]
        merged = [(name, pk, due_on) for due_on, name, pk in heapq.merge(*streams)]
        return merged if stop is None else merged[:stop]

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step is not None:
                raise ValueError("Worklist rows are sliced without a step")
            return self._merged(key.stop)[key]
        return self._merged(key + 1)[key]

    def __iter__(self):
        return iter(self._merged())

    def filtered(self, **conditions):
        """The same rows, each source filtered alike (e.g. by due_on)."""
        return WorklistRows((name, rows.filter(**conditions)) for name, rows in self.sources)

    def count_up_to(self, limit):
        """How many rows, counting no further than limit (one query per source). Unordered,
        as every bounded count is (ADR 0051 section 6): any limit rows answer "how many, up
        to limit", so the database stops at the first it finds instead of sorting the
        source's whole scope by due date first. Rows counted already as far as limit
        (``count_windows``) are not counted again."""
        if self.counted is not None and limit <= self.counted[1]:
            return min(self.counted[0], limit)
        return min(sum(rows.order_by()[:limit].count() for _, rows in self.sources), limit)


def worklist(user, organisation, roles, *, until=None, after=None, patients=None):
    """Everything due, soonest (so most overdue) first, as WorklistRows of (source, id,
    due_on) that a Paginator counts (bounded) and slices in the database.
    ``until`` keeps rows due on or before a day; ``after`` keeps rows due after one.
    ``worklist_items`` turns a page of these rows into objects with what to show."""
    deadlines, requests = _worklist_sources(user, organisation, roles, patients)
    rows = WorklistRows(
        [*(("deadline", part) for part in deadlines), ("information_request", requests)]
    )
    if until is not None:
        rows = rows.filtered(due_on__lte=until)
    if after is not None:
        rows = rows.filtered(due_on__gt=after)
    return rows


def worklist_windows(user, organisation, roles, *, horizon, later=False, count_limits):
    """(the rows shown, the other window's rows) of the worklist page: what is overdue or due
    by ``horizon`` and what falls due after it (``later``: the later window shown), both
    built from one set of sources and counted together in one statement, each no further
    than its limit in ``count_limits`` (shown, other). The statement is compiled once a
    process for roles that read the organisation's whole scope (ADR 0068)."""
    count_limits = tuple(count_limits)
    windows = _windows(worklist(user, organisation, roles), horizon, later, count_limits)
    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION
    shape = (frozenset(str(role) for role in roles or ()), later, count_limits)
    found = WINDOWS.rows_or(
        lambda: _counted(organisation.pk, windows),
        shape if whole else None,
        organisation_id=organisation.pk,
        today=timezone.localdate(),
        horizon=horizon,
    )
    return count_windows(windows, (named(found[0]) if found else None) or {})


def _windows(rows, horizon, later, count_limits):
    """((rows, limit) shown, (rows, limit) other): the two windows of the worklist's rows."""
    until, after = rows.filtered(due_on__lte=horizon), rows.filtered(due_on__gt=horizon)
    shown, other = (after, until) if later else (until, after)
    return list(zip((shown, other), count_limits, strict=True))


def _asked(windows):
    """Each source of each window counted up to its limit, by its place (a practice playing
    two parts has two "deadline" sources). Sources known to be empty (a role with no part in
    them) are not asked: they count 0."""
    return {
        f"w{n}_{m}": CountUpTo(source_rows, limit)
        for n, (rows, limit) in enumerate(windows)
        for m, (_source, source_rows) in enumerate(rows.sources)
        if not source_rows.query.is_empty()
    }


def _counted(organisation_id, windows):
    """The statement counting every source of every window: a scalar subquery each, over the
    organisation's row (``gateway.core.figures``); nothing when nothing is asked."""
    asked = _asked(windows)
    anchor = Organisation.objects.filter(pk=organisation_id)
    return figures_query(anchor, **asked) if asked else anchor.none()


def _windows_built(shape, *, organisation_id, today, horizon):
    """The windows' count for an organisation-wide scope, from values alone."""
    roles, later, count_limits = shape
    organisation = Organisation(pk=organisation_id)
    patients = compiled(organisation_scope_ids(organisation_id, today), None)
    rows = worklist(None, organisation, roles, patients=patients)
    return _counted(organisation_id, _windows(rows, horizon, later, count_limits))


WINDOWS = Statement(_windows_built, planned_once=True)


def count_windows(windows, found):
    """Each of ``windows`` ((rows, limit) pairs) as the same rows, counted: ``found`` holds
    the figures ``_counted`` read for them (one statement between them)."""
    counted = []
    for n, (rows, limit) in enumerate(windows):
        count = sum(found.get(f"w{n}_{m}") or 0 for m in range(len(rows.sources)))
        counted.append(WorklistRows(rows.sources, counted=(min(count, limit), limit)))
    return counted


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


# The home page counts worklist items only this far ("25 or more"): the worklist itself has
# the rest, and the count costs the same however much is overdue (docs/adr/0043).
HOME_COUNT_LIMIT = 25


def _at_most(count):
    return f"{HOME_COUNT_LIMIT} or more" if count > HOME_COUNT_LIMIT else str(count)


def worklist_counts(user, organisation, roles, today=None):
    """How many items are overdue and how many fall due in the next 7 days (home page), each
    counted to HOME_COUNT_LIMIT at most, with the words for it ("3", "25 or more"). Four
    queries (each window of each source, read no further than the limit), whatever the
    number of open deadlines."""
    counts = {}
    for name, window in home_windows(user, organisation, roles, today).items():
        counts[name] = window.count_up_to(HOME_COUNT_LIMIT + 1)
        counts[f"{name}_text"] = _at_most(counts[name])
    return counts


def home_windows(user, organisation, roles, today=None, *, patients=None, week=None):
    """The worklist rows the home page counts: overdue, and due in the next 7 days (to
    ``week``, when given: a week from today)."""
    today = today or timezone.localdate()
    week = week or today + datetime.timedelta(days=7)
    rows = worklist(user, organisation, roles, patients=patients)
    return {
        "overdue": rows.filtered(due_on__lt=today),
        "due_soon": rows.filtered(due_on__gte=today, due_on__lte=week),
    }


def at_most(count):
    """The words for a home page count: the count, or "25 or more" past the limit."""
    return _at_most(min(count, HOME_COUNT_LIMIT + 1))


def home_counts(user, organisation, roles):
    """The home page's worklist counts, or None for someone who does not work with
    patients' records (they have no worklist)."""
    if organisation is None or not user.has_perm("patients.view_patient", organisation):
        return None
    return worklist_counts(user, organisation, roles)
