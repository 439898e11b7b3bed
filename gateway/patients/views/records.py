"""Records over time: the commissioner's list of likely duplicate records, linking two records
as one person and undoing it (docs/adr/0040), and a record made in error with a second
person's confirmation (docs/adr/0041). Reads through queries, writes through services."""

import uuid

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries
from ..forms.records import ConfirmForm, MadeInErrorForm
from ..queries import duplicates as duplicate_queries
from ..services import links, made_in_error

LINK = links.LINK
MARK = made_in_error.MARK


@require_http_methods(["GET"])
@permission_required(LINK)
def duplicates(request):
    """Likely pairs among the commissioner's area's people, strongest first, paged."""
    pairs = duplicate_queries.likely_duplicates(request.user, request.current_organisation)
    audit.record(
        audit.Action.SEARCH,
        actor=request.user,
        organisation=request.current_organisation,
        object_type="patients.PatientLink",
        object_id="likely duplicates",
        detail={"pairs": len(pairs)},
    )
    return render(request, "patients/records/duplicates.jinja", {"page": page_of(request, pairs)})


@require_http_methods(["GET", "POST"])
@permission_required(LINK)
def link(request, public_id):
    """Check two records side by side, with any reasons they may not be linked, and link the
    second (``?duplicate=``) into the first (the record to keep)."""
    organisation = request.current_organisation
    kept = public_id
    kept_patient = queries.get_visible_patient(request.user, organisation, kept)
    try:
        duplicate = uuid.UUID(request.GET.get("duplicate", ""))
    except ValueError:
        return render(request, "patients/records/no_pair.jinja", {"patient": kept_patient})
    duplicate_patient = queries.get_visible_patient(request.user, organisation, duplicate)
    reasons = links.reasons_not_to_link(kept_patient, duplicate_patient)

    def on_view():
        audit.record_view(request, kept_patient, what="link duplicate records")
        audit.record_view(request, duplicate_patient, what="link duplicate records")

    return form_page(
        request,
        ConfirmForm,
        template="patients/records/link.jinja",
        context={
            "kept": kept_patient,
            "duplicate": duplicate_patient,
            "kept_rows": presenters.summary_rows(kept_patient),
            "duplicate_rows": presenters.summary_rows(duplicate_patient),
            "reasons": reasons,
            "swap_url": reverse("patients:link", kwargs={"public_id": duplicate})
            + f"?duplicate={kept}",
        },
        save=lambda form: links.link_records(
            request.user, organisation, kept_patient, duplicate_patient
        ),
        success="The two records are linked as one person",
        next_url=reverse("patients:detail", kwargs={"public_id": kept}),
        on_view=on_view,
        refusals=(links.LinkRefused,),
    )


@require_http_methods(["GET", "POST"])
@permission_required(LINK)
def undo(request, public_id):
    organisation = request.current_organisation
    found = duplicate_queries.get_visible_link(request.user, organisation, public_id)
    return form_page(
        request,
        ConfirmForm,
        template="patients/records/undo.jinja",
        context={"link": found},
        save=lambda form: links.undo_link(request.user, organisation, found),
        success="The link is undone. The two records are shown apart again",
        next_url=reverse("patients:detail", kwargs={"public_id": found.kept.public_id}),
        on_view=lambda: audit.record_view(request, found.kept, what="undo a link"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(MARK)
def mark_made_in_error(request, public_id):
    """Ask for the record to be treated as made in error, or (someone else) confirm or
    cancel the request waiting."""
    organisation = request.current_organisation
    patient = queries.get_visible_patient(request.user, organisation, public_id)
    waiting = made_in_error.open_request(patient)
    detail_url = reverse("patients:detail", kwargs={"public_id": public_id})
    if waiting is None:
        return form_page(
            request,
            MadeInErrorForm,
            template="patients/records/made_in_error.jinja",
            context={"patient": patient},
            save=lambda form: made_in_error.ask(
                request.user, organisation, patient, form.cleaned_data["reason"]
            ),
            success="You have asked for this record to be treated as made in error. "
            "A second person in your organisation needs to confirm it",
            next_url=detail_url,
            on_view=lambda: audit.record_view(request, patient, what="made in error"),
        )
    if waiting.organisation_id != organisation.pk:
        raise Http404("No request matches the given query.")
    cancelling = request.POST.get("answer") == "cancel"
    return form_page(
        request,
        ConfirmForm,
        template="patients/records/confirm_made_in_error.jinja",
        context={
            "patient": patient,
            "waiting": waiting,
            "asked_by_me": waiting.asked_by_id == request.user.pk,
        },
        save=lambda form: (
            made_in_error.cancel(request.user, organisation, waiting)
            if cancelling
            else made_in_error.confirm(request.user, organisation, waiting)
        ),
        success=(
            "The request is cancelled. The record stays as it is"
            if cancelling
            else "The record is marked as made in error. It no longer shows in any list"
        ),
        next_url=detail_url if cancelling else reverse("patients:search"),
        on_view=lambda: audit.record_view(request, patient, what="confirm made in error"),
    )
