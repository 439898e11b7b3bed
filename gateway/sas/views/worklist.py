"""What is due or overdue for the current organisation, for the roles held in it."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.pagination import COUNT_LIMIT, bounded_count, page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries
from .episodes import VIEW_EPISODES

# How far the link to the other window counts what waits there ("more than 100").
OTHER_WINDOW_COUNT_LIMIT = 100


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def worklist(request):
    organisation = request.current_organisation
    horizon = queries.worklist_horizon()
    later = request.GET.get("show") == "later"
    # Both windows are counted in one statement: the one shown as far as anyone pages, the
    # other only as far as its link says ("See more than 100 items due after ..."): a
    # person deciding whether to look needs no exact count past that
    # (docs/adr/0043-lists-that-stay-fast.md, docs/adr/0067).
    rows, other = queries.worklist_windows(
        request.user,
        organisation,
        request.roles,
        horizon=horizon,
        later=later,
        count_limits=(COUNT_LIMIT + 1, OTHER_WINDOW_COUNT_LIMIT + 1),
    )
    page = page_of(request, rows, count_limit=COUNT_LIMIT)
    items = presenters.work_items(queries.worklist_items(page.object_list))
    other_count, other_count_text = bounded_count(other, limit=OTHER_WINDOW_COUNT_LIMIT)
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
