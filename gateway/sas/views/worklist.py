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
    rows = queries.worklist(request.user, organisation, request.roles)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = presenters.work_items(queries.worklist_items(page.object_list))
    return render(
        request,
        "sas/worklist/worklist.jinja",
        {
            "page": page,
            "items": items,
            "pagination": pagination(page, reverse("sas:worklist")),
        },
    )
