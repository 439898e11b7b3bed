"""The commissioner's pages (issue 5 items 3-4, 6): the worklist of escalations and refusals
on grounds that are not reasonable, and the evidence tables with CSV export."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.csv_export import csv_response

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
    return csv_response(f"registration-{kind}.csv", table.headers, table.rows)
