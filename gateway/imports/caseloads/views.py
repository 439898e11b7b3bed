"""The caseload import's pages: upload, choose the columns, watch the check, read the preview,
add the people and see who was added. One page per import shows whichever step it is at, so
the progress bar's reload lands on the next step and a bookmark always works."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gateway.core.form_pages import form_page
from gateway.core.jobs import progress_json
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required
from gateway.imports.tables import problems_download

from . import presenters, queries, services
from .forms import ApplyForm, ColumnsForm, UploadForm

PERMISSION = queries.PERMISSION
# Rows not added are listed on the result page up to this many (the rest are counted).
NOT_ADDED_SHOWN = 200


def _here(work):
    return reverse("imports:caseload", kwargs={"public_id": work.public_id})


def _scoped(request, public_id):
    return queries.get_import(request.user, request.current_organisation, public_id)


@permission_required(PERMISSION)
def upload(request):
    organisation = request.current_organisation
    return form_page(
        request,
        UploadForm,
        template="imports/caseloads/upload.jinja",
        context={
            "imports": page_of(request, queries.imports_of(request.user, organisation)),
            "step_words": presenters.step_words,
        },
        save=lambda form: services.upload(request.user, organisation, form.cleaned_data["file"]),
        next_url=lambda work: reverse(
            "imports:caseload-columns", kwargs={"public_id": work.public_id}
        ),
    )


@permission_required(PERMISSION)
def columns(request, public_id):
    work = _scoped(request, public_id)
    if work.step not in (work.Step.MAPPING, work.Step.CHECK) or work.content is None:
        return redirect(_here(work))
    return form_page(
        request,
        ColumnsForm,
        template="imports/caseloads/columns.jinja",
        context={"work": work},
        form_kwargs={"headings": work.headings, "initial": ColumnsForm.initial_from(work)},
        save=lambda form: services.choose_columns(
            request.user,
            request.current_organisation,
            work,
            ColumnsForm.mapping(form.cleaned_data),
            form.cleaned_data["remember"],
            version=form.cleaned_data["version"],
        ),
        next_url=_here(work),
    )


@require_GET
@permission_required(PERMISSION)
def caseload(request, public_id):
    work = _scoped(request, public_id)
    if work.step == work.Step.MAPPING:
        return redirect("imports:caseload-columns", public_id=work.public_id)
    context = {
        "work": work,
        "status_url": reverse("imports:caseload-progress", kwargs={"public_id": work.public_id}),
    }
    if work.step == work.Step.ABANDONED:
        return render(request, "imports/caseloads/abandoned.jinja", context)
    if not work.finished or work.state == work.State.FAILED:
        return render(request, "imports/caseloads/progress.jinja", context)
    if work.step == work.Step.CHECK:
        context["problems"] = page_of(request, work.problems)
        context["preview"] = presenters.preview(work)
        context["form"] = ApplyForm()
        return render(request, "imports/caseloads/preview.jinja", context)
    added = [r["episode"] for r in work.results if r["added"]]
    context["added"] = page_of(
        request, queries.added_episodes(request.user, request.current_organisation, added)
    )
    not_added = [r for r in work.results if not r["added"]]
    context["not_added"] = not_added[:NOT_ADDED_SHOWN]
    context["more_not_added"] = max(0, len(not_added) - NOT_ADDED_SHOWN)
    context["result"] = presenters.result(work)
    return render(request, "imports/caseloads/result.jinja", context)


@require_GET
@permission_required(PERMISSION)
def progress(request, public_id):
    work = _scoped(request, public_id)
    return progress_json(work, finished_url=_here(work))


@require_POST
@permission_required(PERMISSION)
def apply(request, public_id):
    work = _scoped(request, public_id)
    form = ApplyForm(request.POST)
    try:
        if not form.is_valid():
            # No version (a page from before the preview carried one): what it showed is
            # unknown, so nobody is added.
            raise ValidationError(services.PREVIEW_CHANGED, code="stale")
        services.start_applying(
            request.user,
            request.current_organisation,
            work,
            bool(form.cleaned_data["good_rows_only"]),
            version=form.cleaned_data["version"],
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    # Refused or not, back to the import's page: after a refusal, the fresh preview.
    return redirect(_here(work))


@require_POST
@permission_required(PERMISSION)
def abandon(request, public_id):
    work = _scoped(request, public_id)
    try:
        services.abandon(request.user, request.current_organisation, work)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(_here(work))
    messages.success(request, "The import is abandoned and Gateway no longer keeps the file")
    return redirect("imports:caseload-upload")


@require_GET
@permission_required(PERMISSION)
def problems(request, public_id):
    """The rows that cannot be used, as they were, with the reasons (formula-safe CSV)."""
    work = _scoped(request, public_id)
    try:
        rejected = services.rows_not_used(request.user, request.current_organisation, work)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(_here(work))
    stem = work.file_name.rsplit(".", 1)[0] or "caseload"
    return problems_download(f"{stem}-rows-not-imported.csv", work.headings, rejected)
