"""Insight figures as files: one table as CSV, every table of the page as XLSX, and the
yearly return (a financial year's figures as one XLSX document). An analyst gets every area
side by side, suppressed; a commissioner their own area. Every download is audited."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gateway.audit import services as audit
from gateway.core.permissions import NOT_ALLOWED

from .. import audience, exports, period_choice
from .common import chooser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE = "table"


def _audit(request, figures, what, sas_practice=None, **detail):
    audit.record(
        audit.Action.EXPORT,
        actor=request.user,
        organisation=request.current_organisation,
        object_type="insight.figures",
        object_id=what,
        detail={
            "view": "national" if figures.national else "area",
            "from": figures.period.start.isoformat(),
            "to": figures.period.end.isoformat(),
            **({"sas_practice": str(sas_practice.public_id)} if sas_practice else {}),
            **detail,
        },
    )


def _chosen(request):
    """(period, SAS practice or None) the query string names. An analyst chooses from the
    national view's periods; a commissioner's query string is the dashboard's (a quarter, a
    financial year or their own dates, and optionally one SAS practice), so a download from
    the dashboard has the figures the page shows."""
    if audience.is_national(request):
        return period_choice.chosen(
            request.GET.get(period_choice.PERIOD), timezone.localdate()
        ), None
    if not audience.is_area(request):
        raise PermissionDenied(NOT_ALLOWED)
    chosen = chooser(request).chosen()
    if chosen is None:
        raise Http404("That period cannot be shown.")
    return chosen


def _xlsx(filename, content):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_csv(request):
    """One table of the page (?table=its key; the first when not given) as CSV."""
    period, sas_practice = _chosen(request)
    figures = audience.figures_for(request, period, sas_practice)
    tables = exports.tables_of(figures.sections)
    wanted = request.GET.get(TABLE)
    table = next((t for t in tables if t.definition.key == wanted), None) if wanted else None
    if table is None and (wanted or not tables):
        raise Http404("No such table")
    table = table or tables[0]
    _audit(request, figures, table.definition.key, sas_practice, format="csv", rows=len(table.rows))
    return exports.table_csv(table, period, f"{figures.name}-{table.definition.key}")


@require_GET
def export_xlsx(request):
    """Every table of the page as one XLSX workbook, with the period and the definitions."""
    period, sas_practice = _chosen(request)
    figures = audience.figures_for(request, period, sas_practice)
    content = exports.workbook(
        figures.title, period, figures.sections, figures.definitions, figures.notes
    )
    _audit(request, figures, "workbook", sas_practice, format="xlsx")
    return _xlsx(f"{exports.file_stem(figures.name, period)}.xlsx", content)


@require_GET
def yearly_return(request):
    """A financial year's figures (?year=2025 for April 2025 to March 2026; the last year
    that has ended when not given) as one XLSX document."""
    period = period_choice.return_year(request.GET.get(period_choice.YEAR), timezone.localdate())
    figures = audience.figures_for(request, period)
    title = f"Yearly return, financial year {period.start.year} to {period.end.year}: "
    content = exports.workbook(
        title + figures.title, period, figures.sections, figures.definitions, figures.notes
    )
    _audit(request, figures, "yearly-return", format="xlsx")
    stem = exports.file_stem(f"yearly-return-{figures.name}", period)
    return _xlsx(f"{stem}.xlsx", content)
