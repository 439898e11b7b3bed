"""What the SAS section of the home page counts, in one query (issue 17 cause 3, ADR
0053): the worklist's overdue and next-7-days items (each source counted to 26 at most, as
``worklist_counts`` counts them), for a commissioner the removal reports to screen and the
oldest one's allocation target. Each figure is a scalar subquery over the same scoped rows the
worklist and the screening queue list, so the section shows what those pages show, however
many rows there are. The panel's queue, for those who have it, is one aggregate more (and
the menu on the same page uses its count)."""

from django.utils import timezone

from gateway.accounts.models import Organisation, Role
from gateway.core.figures import CountUpTo, FirstValue, figures
from gateway.patients.queries import visible_patient_ids_compiled

from ..models import Episode
from .appeals import has_panel_queue, panel_queue_counts
from .episodes import allocation_targets, waiting_for_screening
from .worklist import HOME_COUNT_LIMIT, at_most, home_windows


def home_figures(user, organisation, roles, today=None):
    """{"work_counts", "screening", "panel"} for the home page, or None for someone who does
    not work with patients' records (they have no worklist). ``screening`` is None unless the
    person is a commissioner at their commissioner, ``panel`` None unless they have the
    panel's queue. One query, two with the panel's queue."""
    if organisation is None or not user.has_perm("patients.view_patient", organisation):
        return None
    today = today or timezone.localdate()
    # The people the organisation may see, compiled once for every figure below.
    patients = visible_patient_ids_compiled(user, organisation)
    episodes = Episode.objects.filter(patient_id__in=patients)
    windows = home_windows(user, organisation, roles, today, patients=patients)
    asked = {}
    for window, rows in windows.items():
        # Each source by its place: a practice playing two parts has two "deadline" sources.
        for n, (_source, source_rows) in enumerate(rows.sources):
            # Unordered: the database stops at the first 26 rows in scope it finds. Read in
            # the worklist's order it sorted every overdue row first (ADR 0053, update).
            asked[f"work_{window}_{n}"] = CountUpTo(source_rows, HOME_COUNT_LIMIT + 1)
    screens = Role.COMMISSIONER in roles and organisation.kind == Organisation.Kind.COMMISSIONER
    if screens:
        waiting = waiting_for_screening(user, organisation, episodes=episodes)
        asked["screening_count"] = CountUpTo(waiting)
        asked["screening_oldest_due_at"] = FirstValue(allocation_targets(waiting), "due_at")
    # Rows known to be empty (roles with no part in the worklist) count 0 without a query.
    asked = {name: count for name, count in asked.items() if not _known_empty(count)}
    found = (
        (figures(Organisation.objects.filter(pk=organisation.pk), **asked) or {}) if asked else {}
    )
    work_counts = {}
    for window, rows in windows.items():
        count = sum(found.get(f"work_{window}_{n}") or 0 for n in range(len(rows.sources)))
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
