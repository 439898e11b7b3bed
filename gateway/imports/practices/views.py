"""The staff page for NHS practice data, for an organisation admin of a commissioner:
upload the file, watch it being checked, read what it would add, change and close (and every
row that cannot be read), confirm, watch it being applied, read the result. Every step reads
the import's row, so a reload or coming back later shows where it got to."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.core.form_pages import form_page
from gateway.core.jobs import progress_json
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from . import queries, services
from .forms import UploadForm
from .presenters import LISTS, list_to_show

PERMISSION = "imports.import_practices"


def _import_url(practice_import):
    return reverse("imports:practice-import", kwargs={"public_id": practice_import.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION)
def start(request):
    organisation = request.current_organisation
    return form_page(
        request,
        UploadForm,
        template="imports/practices/start.jinja",
        context={"imports": page_of(request, queries.imports_of(organisation), size=10)},
        save=lambda form: services.start_import(
            request.user, organisation, form.cleaned_data["file"]
        ),
        next_url=_import_url,
    )


@require_GET
@permission_required(PERMISSION)
def detail(request, public_id):
    practice_import = queries.get_import(request.current_organisation, public_id)
    show = list_to_show(practice_import, request.GET.get("show"))
    page = None
    if show:
        page = page_of(request, queries.lines_of(practice_import, show))
    return render(
        request,
        "imports/practices/detail.jinja",
        {
            "practice_import": practice_import,
            "lists": LISTS,
            "show": show,
            "page": page,
            "status_url": reverse(
                "imports:practice-import-progress", kwargs={"public_id": public_id}
            ),
        },
    )


@require_GET
@permission_required(PERMISSION)
def progress(request, public_id):
    practice_import = queries.get_import(request.current_organisation, public_id)
    return progress_json(practice_import, finished_url=_import_url(practice_import))


@require_POST
@permission_required(PERMISSION)
def confirm(request, public_id):
    practice_import = queries.get_import(request.current_organisation, public_id)
    try:
        services.confirm_import(request.user, request.current_organisation, practice_import)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect(_import_url(practice_import))
