"""What is due or overdue for the current organisation, for the roles held in it."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.pagination import page_of
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
    page = page_of(request, rows)
    items = presenters.work_items(queries.worklist_items(page.object_list))
    other = queries.worklist(
        request.user,
        organisation,
        request.roles,
        **({"until": horizon} if later else {"after": horizon}),
    )
    return render(
        request,
        "sas/worklist/worklist.jinja",
        {
            "page": page,
            "items": items,
            "later": later,
            "horizon": horizon,
            "other_count": other.count(),
            "has_panel_queue": queries.has_panel_queue(organisation, request.roles),
        },
    )
