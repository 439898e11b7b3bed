"""What the SAS section of the home page counts, in one query (issue 17 cause 3, ADR
0053): the worklist's overdue and next-7-days items (each source counted to 26 at most, as
``worklist_counts`` counts them), for a commissioner the removal reports to screen and the
oldest one's allocation target. Each figure is a scalar subquery over the same scoped rows the
worklist and the screening queue list, so the section shows what those pages show, however
many rows there are. The panel's queue, for those who have it, is one aggregate more (and
the menu on the same page uses its count)."""

import datetime

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.core.figures import CountUpTo, FirstValue, compiled, figures_query, named
from gateway.core.prepared import Statement
from gateway.patients.queries import (
    WHOLE_ORGANISATION,
    organisation_scope_ids,
    scope_shape,
    visible_patient_ids_compiled,
)

from ..models import Episode
from .appeals import has_panel_queue, panel_queue_counts
from .episodes import allocation_targets, waiting_for_screening
from .worklist import HOME_COUNT_LIMIT, acts_on_worklist, at_most, home_windows


def _asked(user, organisation, roles, today, week, patients, screens):
    """{name: figure} the section asks, over the people ``patients`` (compiled once)."""
    episodes = Episode.objects.filter(patient_id__in=patients)
    windows = home_windows(user, organisation, roles, today, patients=patients, week=week)
    asked = {}
    for window, rows in windows.items():
        # Each source by its place: a practice playing two parts has two "deadline" sources.
        for n, (_source, source_rows) in enumerate(rows.sources):
            # Unordered: the database stops at the first 26 rows in scope it finds. Read in
            # the worklist's order it sorted every overdue row first (ADR 0053, update).
            asked[f"work_{window}_{n}"] = CountUpTo(source_rows, HOME_COUNT_LIMIT + 1)
    if screens:
        waiting = waiting_for_screening(user, organisation, episodes=episodes)
        asked["screening_count"] = CountUpTo(waiting)
        asked["screening_oldest_due_at"] = FirstValue(allocation_targets(waiting), "due_at")
    # Rows known to be empty (roles with no part in the worklist) count 0 without a query.
    return {name: count for name, count in asked.items() if not _known_empty(count)}


def _built(shape, *, organisation_id, today, week):
    """The section's statement for an organisation-wide scope, from values alone (nothing
    asked: a statement known to be empty, never prepared)."""
    roles, screens = shape
    organisation = Organisation(pk=organisation_id)
    patients = compiled(organisation_scope_ids(organisation_id, today), None)
    asked = _asked(None, organisation, roles, today, week, patients, screens)
    anchor = Organisation.objects.filter(pk=organisation_id)
    return figures_query(anchor, **asked) if asked else anchor.none()


# Built and compiled once a process for each set of roles (ADR 0068); planned once a
# connection (ADR 0070) but for a commissioner who screens: the count of every report waiting
# in the area is best planned for the area asking (the largest's took 5 ms a custom plan,
# 13.5 ms on one plan for every area, on the bench's 4x data).
HOME = Statement(_built, planned_once=lambda shape: not shape[1])


def home_figures(user, organisation, roles, today=None):
    """{"work_counts", "screening", "panel"} for the home page, or None for someone who does
    not work with patients' records (they have no worklist). ``screening`` is None unless the
    person is a commissioner at their commissioner, ``panel`` None unless they have the
    panel's queue. One query, two with the panel's queue."""
    if organisation is None or not user.has_perm("patients.view_patient", organisation):
        return None
    today = today or timezone.localdate()
    week = today + datetime.timedelta(days=7)
    screens = Role.COMMISSIONER in roles and organisation.kind == Organisation.Kind.COMMISSIONER
    whole = scope_shape(user, organisation) == WHOLE_ORGANISATION

    def orm():
        # The people the organisation may see, compiled once for every figure.
        patients = visible_patient_ids_compiled(user, organisation)
        asked = _asked(user, organisation, roles, today, week, patients, screens)
        anchor = Organisation.objects.filter(pk=organisation.pk)
        return figures_query(anchor, **asked) if asked else []

    # Roles with no part in the worklist and no screening ask nothing: no statement.
    rows = (
        HOME.rows_or(
            orm,
            (frozenset(str(role) for role in roles), screens) if whole else None,
            organisation_id=organisation.pk,
            today=today,
            week=week,
        )
        if screens or acts_on_worklist(roles)
        else []
    )
    found = (named(rows[0]) if rows else None) or {}
    work_counts = {}
    for window in ("overdue", "due_soon"):
        count = sum(
            value or 0 for name, value in found.items() if name.startswith(f"work_{window}_")
        )
        work_counts[window] = min(count, HOME_COUNT_LIMIT + 1)
        work_counts[f"{window}_text"] = at_most(count)
    return {
        "work_counts": work_counts,
        "screening": {
            "count": found.get("screening_count") or 0,
            "oldest_due_at": found.get("screening_oldest_due_at"),
        }
        if screens
        else None,
        # One aggregate of its own: as four scalar subqueries each walked the queue's scope
        # again (about 80 ms where the aggregate takes 16 at the bench's 4x data).
        "panel": panel_queue_counts(user, organisation, today)
        if has_panel_queue(organisation, roles)
        else None,
    }


def _known_empty(count):
    """True when a CountUpTo's rows are ``.none()``: it counts 0 whatever the data."""
    return count.query.is_empty()
