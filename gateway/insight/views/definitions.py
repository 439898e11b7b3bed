"""What each figure counts: one page of every definition, each with an anchor the dashboard
links to, so a definition is one click from its figure."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.permissions import permission_required

from ..permissions import DASHBOARD_PERMISSION
from ..sections import DEFINITIONS


@require_http_methods(["GET"])
@permission_required(DASHBOARD_PERMISSION)
def definitions(request):
    return render(request, "insight/definitions.jinja", {"groups": DEFINITIONS})
