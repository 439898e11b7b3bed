"""Pages for auditors: the audit trail of their organisation (and, at a commissioner, of the
organisations in its area) with a search by person, member of staff, organisation, action and
dates; its download as a CSV file; and "who looked at this record" for one patient (Caldicott:
every access is attributable). Only the auditor role may see them, and looking at them,
searching and downloading are themselves written to the audit trail. What was searched for is
kept in the session, never in the URL (ADR 0006)."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gateway.core.csv_export import csv_stream
from gateway.core.jinja2 import url
from gateway.core.pagination import COUNT_LIMIT, page_of
from gateway.core.permissions import permission_required
from gateway.patients.queries import get_visible_patient

from . import presenters, queries
from . import services as audit
from .forms import AuditSearchForm

EXPORT_BATCH = 500
# Only the auditor role holds it (queries.may_audit asks the same).
AUDIT = "audit.view_access_log"


def _page(request, queryset, count_limit=None):
    page = page_of(request, queryset, count_limit=count_limit)
    # Evaluate now, so this visit's own audit row is not part of the list it is looking at.
    page.object_list = list(page.object_list)
    return page


def _search_form(request, organisation, organisations, data=None):
    """``organisations``: queries.auditable_organisations, asked once a request; the form
    lists them (by public id and name, not as rows) and their staff."""
    return AuditSearchForm(
        data,
        staff=queries.auditable_staff(request.user, organisation, organisations),
        organisations=organisations.values_list("public_id", "name"),
    )


def _rows(request, organisation, events):
    names = queries.names_for(request.user, organisation, events)
    rows = []
    for event in events:
        person = names["people"].get(event.patient_id)
        link = None
        if person is not None:
            link = url("audit:patient-access", public_id=person.public_id)
        rows.append(presenters.event_row(event, names=names, access_log_url=link))
    return rows


def _trail_page(request, organisation, organisations, form, criteria, token=None):
    # The trail grows by millions of rows: counted only as far as a person pages (ADR 0043).
    events = queries.trail(request.user, organisation, criteria, organisations)
    page = _page(request, events.only(*queries.LISTED), COUNT_LIMIT)
    rows = _rows(request, organisation, page.object_list)
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=organisation,
        object_type=queries.TRAIL,
        detail={"page": "audit events", "page_number": page.number},
    )
    return render(
        request,
        "audit/events.jinja",
        {
            "organisation": organisation,
            "area": organisation.kind == "commissioner",
            "form": form,
            "page": page,
            "rows": rows,
            "searched": criteria is not None,
            "people_found": len((criteria or {}).get("people") or []),
            "token": token,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(AUDIT)
def events(request):
    """The whole trail, newest first, under the search form. The search POSTs; its criteria
    go into the session and the results have a URL of their own with only a token."""
    organisation = request.current_organisation
    organisations = queries.auditable_organisations(request.user, organisation)
    if request.method == "GET":
        form = _search_form(request, organisation, organisations)
        return _trail_page(request, organisation, organisations, form, None)
    form = _search_form(request, organisation, organisations, request.POST)
    if form.is_valid():
        criteria = form.criteria()
        nhs_number, name = form.cleaned_data["nhs_number"], form.cleaned_data["name"]
        criteria["people"] = None
        if nhs_number or name:
            people = queries.people_matching(
                request.user, organisation, nhs_number=nhs_number, name=name
            )
            if people:
                criteria["people"] = people
            else:
                form.add_error(
                    "nhs_number" if nhs_number else "name",
                    "No one your organisation works with has this "
                    f"{'NHS number' if nhs_number else 'name'}. Check it and search again",
                )
        if not form.errors:
            typed = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
            criteria["typed"] = typed
            token = audit.remember_search(request, criteria)
            return redirect("audit:results", token=token)
    return _trail_page(request, organisation, organisations, form, None)


def _recalled(request, token):
    criteria = audit.recall_search(request, token)
    if criteria is None:
        messages.info(request, "Your search has expired. Search again.")
    return criteria


@require_GET
@permission_required(AUDIT)
def results(request, token):
    organisation = request.current_organisation
    criteria = _recalled(request, token)
    if criteria is None:
        return redirect("audit:events")
    typed = QueryDict(mutable=True)
    for key, values in criteria.get("typed", {}).items():
        typed.setlist(key, values)
    organisations = queries.auditable_organisations(request.user, organisation)
    form = _search_form(request, organisation, organisations, typed)
    return _trail_page(request, organisation, organisations, form, criteria, token=token)


@require_GET
@permission_required(AUDIT)
def export(request, token):
    """The searched trail as a CSV file, every row in the words of the page. Downloading is
    recorded before the file is sent."""
    organisation = request.current_organisation
    criteria = _recalled(request, token)
    if criteria is None:
        return redirect("audit:events")
    # Fixed before the download's own row is written, so the file is the trail as searched.
    events = queries.trail(request.user, organisation, criteria)
    last_id = events.values_list("id", flat=True).first() or 0
    events = events.filter(id__lte=last_id)
    audit.record_export(request, rows=events.count(), criteria=criteria)

    def rows():
        after = None
        while True:
            batch = events if after is None else events.filter(id__lt=after)
            batch = list(batch[:EXPORT_BATCH])
            if not batch:
                return
            names = queries.names_for(request.user, organisation, batch)
            for event in batch:
                yield presenters.csv_row(event, names)
            after = batch[-1].id

    return csv_stream("audit-trail.csv", presenters.CSV_HEADER, rows())


@require_GET
@permission_required(AUDIT)
def patient_access(request, public_id):
    organisation = request.current_organisation
    patient = get_visible_patient(request.user, organisation, public_id)
    page = _page(request, queries.access_log(patient))
    audit.record_view(request, patient, what="access log")
    return render(
        request,
        "audit/patient_access.jinja",
        {
            "patient": patient,
            "page": page,
            "rows": [presenters.event_row(e, with_organisation=True) for e in page.object_list],
        },
    )
