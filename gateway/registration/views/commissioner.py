"""The commissioner's pages (issue 5 items 3-4, 6): the worklist of escalations and refusals
on grounds that are not reasonable, and the evidence tables with CSV export."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit

from .. import evidence, queries
from .common import OVERSEE, page


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def worklist(request):
    rows, links = page(
        request,
        queries.commissioner_worklist(request.user, request.current_organisation),
        reverse("registration:worklist"),
    )
    return render(
        request, "registration/worklist.jinja", {"alerts": rows, "pagination_links": links}
    )


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def evidence_tables(request):
    return render(
        request,
        "registration/evidence.jinja",
        {"tables": evidence.all_tables(request.current_organisation)},
    )


def _safe(value):
    # A cell starting with =, +, - or @ is a formula to a spreadsheet (CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def evidence_csv(request, kind):
    build = evidence.TABLES.get(kind)
    if build is None:
        raise Http404("No such table.")
    table = build(request.current_organisation)
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=request.current_organisation,
        object_type="registration.evidence",
        object_id=kind,
        detail={"export": "csv"},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registration-{kind}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows([[_safe(cell) for cell in row] for row in table.rows])
    return response
