"""The commissioner's dashboard: every section's figures for the chosen period and SAS
practice. Counts only, no person, so viewing it is not audited; the people behind a figure
are a separate, audited page."""

from functools import partial

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from gateway.core.permissions import permission_required

from .. import exports, period_choice, presenters, sections_glance
from ..kept import Memo
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
        context.update(
            period=period,
            period_words=presenters.period_words(period, sas_practice),
            query=query_string(period, sas_practice),
            figures_table=exports.FIGURES,
            csv_url=partial(csv_url, period, sas_practice),
            xlsx_url=xlsx_url(period, sas_practice),
        )
        kept = _kept_html(request, scope, period, context)
        if kept is None:
            context["sections"] = build(scope, period)
        else:
            context["sections_html"], context["worked_out_at"] = kept
    year = period_choice.last_full_year(timezone.localdate())
    context.update(return_year=year, yearly_return_url=yearly_return_url(year))
    return render(request, "insight/dashboard.jinja", context)


# The HTML of kept figures' sections (ADR 0064), by area, period, the time they were worked
# out and whether the viewer gets the links to people: everything it is made from.
_KEPT_HTML = Memo(32)


def _kept_html(request, scope, period, context):
    """(the sections' HTML, when their figures were worked out) from the figures the daily job
    kept today for the whole area, or None when none are kept (the page counts live)."""
    if scope.sas_practice is not None:
        return None
    today = timezone.localdate()
    commissioner, links = scope.commissioner, scope.people_allowed
    worked_out_at = kept_figures.worked_out([commissioner], period, today).get(commissioner.pk)
    if worked_out_at is None:
        return None
    html = _KEPT_HTML.get((commissioner.pk, period, worked_out_at, links))
    if html is None:
        found = kept_figures.for_area(commissioner, period, today, links=links)
        if found is None:
            return None
        sections, worked_out_at = found
        sections = [s for s in sections if s.key != sections_glance.KEY]
        html = render_to_string(
            "insight/_sections.jinja", {**context, "sections": sections}, request
        )
        html = Markup(html)  # noqa: S704 - rendered by an autoescaping template
        _KEPT_HTML.put((commissioner.pk, period, worked_out_at, links), html)
    return html, worked_out_at
