"""Pages for auditors: recent audit events for their organisation, and "who looked at this
record" for one patient (Caldicott: every access is attributable). Only the auditor role may
see them, and looking at them is itself written to the audit trail."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from gateway.patients.queries import get_visible_patient

from . import presenters
from . import services as audit
from .models import AuditEvent

PAGE_SIZE = 25


def _auditor_organisation(request):
    organisation = getattr(request, "current_organisation", None)
    if not request.user.has_perm("audit.view_access_log", organisation):
        raise PermissionDenied("Only auditors can see the audit trail.")
    return organisation


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    # Evaluate now, so this visit's own audit row is not part of the list it is looking at.
    page.object_list = list(page.object_list)
    return page


@require_GET
def events(request):
    organisation = _auditor_organisation(request)
    action = request.GET.get("action", "")
    if action not in AuditEvent.Action.values:
        action = ""
    queryset = AuditEvent.objects.filter(organisation=organisation).order_by("-id")
    if action:
        queryset = queryset.filter(action=action)
    page = _page(request, queryset)
    rows = []
    for event in page.object_list:
        public_id = presenters.patient_public_id(event)
        link = None
        if public_id:
            link = reverse("audit:patient-access", kwargs={"public_id": public_id})
        rows.append(presenters.event_row(event, access_log_url=link))
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=organisation,
        object_type=AuditEvent._meta.label,
        detail={"page": "audit events", "action": action, "page_number": page.number},
    )
    return render(
        request,
        "audit/events.jinja",
        {
            "organisation": organisation,
            "page": page,
            "rows": rows,
            "action": action,
            "action_choices": AuditEvent.Action.choices,
            "pagination": presenters.pagination(request, page),
        },
    )


@require_GET
def patient_access(request, public_id):
    organisation = _auditor_organisation(request)
    patient = get_visible_patient(request.user, organisation, public_id)
    queryset = (
        AuditEvent.objects.filter(patient_id=patient.pk)
        .select_related("organisation")
        .order_by("-id")
    )
    page = _page(request, queryset)
    audit.record_view(request, patient, what="access log")
    return render(
        request,
        "audit/patient_access.jinja",
        {
            "patient": patient,
            "page": page,
            "rows": [presenters.event_row(e, with_organisation=True) for e in page.object_list],
            "pagination": presenters.pagination(request, page),
        },
    )
