"""The panel's queue: the appeals waiting for the panel to decide, for panel members and
the commissioners who run the panels, soonest decision first
(docs/domain/sas-appeals.md#appeals)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.core.pagination import keys_first, page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries, rules
from ..home import PANEL_QUEUE_COUNTED
from .episodes import VIEW_EPISODES


def next_step(appeal):
    """What the appeal waits for now, in words."""
    if appeal.acknowledged_on is None:
        return "Waiting to be acknowledged"
    if appeal.panel_on is None:
        if not (appeal.patient_form_received_on and appeal.practice_form_received_on):
            return "Waiting for the forms to come back"
        return "Waiting for a panel date"
    if appeal.papers_sent_on is None:
        return "Waiting for the papers to be sent"
    return "Ready for the panel"


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def panel_queue(request):
    organisation = request.current_organisation
    if not queries.has_panel_queue(organisation, request.roles):
        raise PermissionDenied
    # The page's keys first, then its 25 rows with their episode and person (ADR 0062).
    page = page_of(request, keys_first(queries.panel_queue(request.user, organisation)))
    # The menu's "Appeals for the panel (n)" is this count: not counted twice (sas.home).
    setattr(request, PANEL_QUEUE_COUNTED, page.paginator.count)
    today = timezone.localdate()
    rows = [
        {
            "appeal": appeal,
            "patient_name": appeal.episode.patient.display_name,
            "against": appeal.get_against_display(),
            "papers": rules.long_date(appeal.papers_sent_on)
            if appeal.papers_sent_on
            else "Not sent",
            "panel": rules.long_date(appeal.panel_on) if appeal.panel_on else "Not arranged",
            "decision_due": appeal.decide_by,
            "due_text": presenters.due_text(appeal.decide_by, today) if appeal.decide_by else "",
            "overdue": bool(appeal.decide_by and appeal.decide_by < today),
            "next_step": next_step(appeal),
        }
        for appeal in page.object_list
    ]
    return render(
        request,
        "sas/appeals/panel_queue.jinja",
        {
            "page": page,
            "rows": rows,
        },
    )
