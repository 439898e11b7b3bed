"""Who is before a commissioner's panel: the people a panel member (holding no other role
that reads people) may see (docs/access/caldicott-access-table.md). Registered with the
patients app's scope (gateway/patients/queries/scope.py), which sits below this app.

Before the panel: an appeal not yet decided or a review waiting for its decision (the episode
is under review, or an exception discharge panel is scheduled). A decision the panel made in
the last PANEL_RECENT_DAYS days stays readable, so the panel can check what it recorded."""

import datetime

from django.db.models import Q
from django.utils import timezone

from gateway.patients.queries import panel_scope

from ..models import Appeal, Episode, Review
from ..states import State

PANEL_RECENT_DAYS = 28
OPEN_APPEAL = (Appeal.Status.LODGED, Appeal.Status.ACKNOWLEDGED, Appeal.Status.PANEL_SCHEDULED)


@panel_scope
def patients_before_panel(organisation, today=None):
    since = (today or timezone.localdate()) - datetime.timedelta(days=PANEL_RECENT_DAYS)
    # Each condition is on the appeal or review row alone (the episode's own commissioner and
    # state are checked on the episode), so each is one pass over its table, hashed once,
    # with no join back to every episode of the commissioner (ADR 0043, update 2026-12-07).
    appeals = Appeal.objects.filter(Q(status__in=OPEN_APPEAL) | Q(decided_on__gte=since))
    scheduled = Review.objects.filter(status=Review.Status.SCHEDULED)
    exception_or_recent = Review.objects.filter(
        Q(status=Review.Status.SCHEDULED, is_exception=True) | Q(decided_at__date__gte=since)
    )
    return Episode.objects.filter(
        Q(pk__in=appeals.values("episode_id"))
        | Q(state=State.UNDER_REVIEW, pk__in=scheduled.values("episode_id"))
        | Q(pk__in=exception_or_recent.values("episode_id")),
        commissioner=organisation,
    ).values("patient_id")
