"""The commissioner's dashboard: every section's figures for the chosen period and SAS
practice. Counts only, no person, so viewing it is not audited; the people behind a figure
are a separate, audited page."""

from functools import partial

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.core.permissions import permission_required

from .. import exports, period_choice, presenters, sections_glance
from ..links import csv_url, definition_url, query_string, xlsx_url, yearly_return_url
from ..permissions import DASHBOARD_PERMISSION
from ..queries import kept as kept_figures
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
        scope = scope_for(request, sas_practice, form.practices.values())
        sections, worked_out_at = _sections(scope, period)
        context.update(
            sections=sections,
            worked_out_at=worked_out_at,
            period=period,
            period_words=presenters.period_words(period, sas_practice),
            query=query_string(period, sas_practice),
            figures_table=exports.FIGURES,
            csv_url=partial(csv_url, period, sas_practice),
            xlsx_url=xlsx_url(period, sas_practice),
        )
    year = period_choice.last_full_year(timezone.localdate())
    context.update(return_year=year, yearly_return_url=yearly_return_url(year))
    return render(request, "insight/dashboard.jinja", context)


def _sections(scope, period):
    """(sections, when they were worked out): the figures the daily job kept today for the
    whole area (ADR 0064), or else counted now (None)."""
    if scope.sas_practice is None:
        kept = kept_figures.for_area(
            scope.commissioner, period, timezone.localdate(), links=scope.people_allowed
        )
        if kept is not None:
            sections, worked_out_at = kept
            return [s for s in sections if s.key != sections_glance.KEY], worked_out_at
    return build(scope, period), None
