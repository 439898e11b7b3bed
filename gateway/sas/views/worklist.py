"""What is due or overdue for the current organisation, for the roles held in it."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.patients.presenters import pagination

from .. import presenters, queries
from .episodes import PAGE_SIZE, can_view_episodes


@require_http_methods(["GET"])
@can_view_episodes
def worklist(request):
    organisation = request.current_organisation
    horizon = queries.worklist_horizon()
    later = request.GET.get("show") == "later"
    window = {"after": horizon} if later else {"until": horizon}
    rows = queries.worklist(request.user, organisation, request.roles, **window)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = presenters.work_items(queries.worklist_items(page.object_list))
    base = reverse("sas:worklist") + ("?show=later" if later else "")
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
            "pagination": pagination(page, base),
            "has_panel_queue": queries.has_panel_queue(organisation, request.roles),
        },
    )
