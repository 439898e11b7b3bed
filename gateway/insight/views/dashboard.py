"""The commissioner's dashboard: every section's figures for the chosen period and SAS
practice. Counts only, no person, so viewing it is not audited; the people behind a figure
are a separate, audited page."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.permissions import permission_required

from .. import presenters
from ..links import definition_url, query_string
from ..permissions import DASHBOARD_PERMISSION
from ..sections import build
from .common import chooser, scope_for


@require_http_methods(["GET"])
@permission_required(DASHBOARD_PERMISSION)
def dashboard(request):
    form = chooser(request)
    chosen = form.chosen()
    context = {
        "form": form,
        "sections": [],
        "present": presenters,
        "definition_url": definition_url,
    }
    if chosen is not None:
        period, sas_practice = chosen
        context.update(
            sections=build(scope_for(request, sas_practice), period),
            period=period,
            period_words=presenters.period_words(period, sas_practice),
            query=query_string(period, sas_practice),
        )
    return render(request, "insight/dashboard.jinja", context)
