"""What is due or overdue for the current organisation, for the roles held in it."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.pagination import COUNT_LIMIT, bounded_count, page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries
from .episodes import VIEW_EPISODES


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def worklist(request):
    organisation = request.current_organisation
    horizon = queries.worklist_horizon()
    later = request.GET.get("show") == "later"
    window = {"after": horizon} if later else {"until": horizon}
    rows = queries.worklist(request.user, organisation, request.roles, **window)
    # Counted only as far as anyone pages (docs/adr/0043-lists-that-stay-fast.md).
    page = page_of(request, rows, count_limit=COUNT_LIMIT)
    items = presenters.work_items(queries.worklist_items(page.object_list))
    other = queries.worklist(
        request.user,
        organisation,
        request.roles,
        **({"until": horizon} if later else {"after": horizon}),
    )
    other_count, other_count_text = bounded_count(other)
    return render(
        request,
        "sas/worklist/worklist.jinja",
        {
            "page": page,
            "items": items,
            "later": later,
            "horizon": horizon,
            "other_count": other_count,
            "other_count_text": other_count_text,
            "has_panel_queue": queries.has_panel_queue(organisation, request.roles),
        },
    )
