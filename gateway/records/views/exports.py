"""Subject access exports (docs/adr/0033): ask for one from a person's record, watch it being
made, download it once. Every page but the first is about the asker's own export: anyone
else gets a 404, exactly like a missing one."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.jobs import progress_json
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import queries, services
from ..forms import ExportRequestForm
from ..presenters import pages

PERMISSION = services.EXPORT_PERMISSION


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION)
def start(request, public_id):
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    return form_page(
        request,
        ExportRequestForm,
        template="records/start.jinja",
        context={"patient": patient, "download_days": pages.download_days()},
        save=lambda form: services.request_export(
            request.user, organisation, patient, **form.cleaned_data
        ),
        success="Gateway is putting the record together",
        next_url=lambda export: reverse("records:export", kwargs={"public_id": export.public_id}),
        on_view=lambda: audit.record_view(request, patient, what="subject access: start"),
    )


@require_GET
@permission_required(PERMISSION)
def export(request, public_id):
    found = queries.get_own_export(request.user, request.current_organisation, public_id)
    audit.record_view(request, found.patient, what="subject access: export", obj=found)
    return render(
        request,
        "records/export.jinja",
        {
            "export": found,
            "patient": found.patient,
            "status": pages.status(found, timezone.now()),
            "status_url": reverse("records:export-status", kwargs={"public_id": public_id}),
        },
    )


@require_GET
@permission_required(PERMISSION)
def export_status(request, public_id):
    found = queries.get_own_export(request.user, request.current_organisation, public_id)
    return progress_json(
        found, finished_url=reverse("records:export", kwargs={"public_id": public_id})
    )


@require_POST
@permission_required(PERMISSION)
def export_download(request, public_id):
    organisation = request.current_organisation
    found = queries.get_own_export(request.user, organisation, public_id)
    content = services.download(request.user, organisation, found)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pages.file_name(found)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@permission_required(PERMISSION)
def exports(request):
    organisation = request.current_organisation
    page = page_of(request, queries.exports_asked_for_by(request.user, organisation))
    now = timezone.now()
    return render(
        request,
        "records/exports.jinja",
        {"page": page, "rows": [(row, pages.status(row, now)) for row in page]},
    )
