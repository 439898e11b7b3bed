"""The practice's pages: the inbox of referrals sent to it, accepting (date
registered, NHS number if known) and refusing (a reason from the registry, with free text),
and recording the refusal letter to the person (docs/domain/gp-registration.md#national-rules:
within 14 days)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core import lists
from gateway.core.form_pages import form_page
from gateway.core.list_reads import ListRead
from gateway.core.permissions import permission_required
from gateway.patients.queries import reads_whole_organisation

from .. import queries, services
from ..forms import AcceptForm, DateForm, RefuseForm
from .common import (
    ANSWER,
    audit_view,
    detail_url,
    open_alerts_listed,
    person_column,
    referral_for,
    status_column,
    status_filter,
)

INBOX = lists.ListSpec(
    name="registration-inbox",
    url_name="registration:inbox",
    csv_url_name="registration:inbox-csv",
    noun="referral",
    audit_type="registration.RegistrationReferral",
    # No sort chosen: waiting for an answer first, oldest first (queries.practice_inbox).
    columns=(
        person_column(),
        lists.Column(
            "From",
            lambda r: r.referring_organisation.name,
            key="from",
            order_by=("referring_organisation__name",),
        ),
        lists.Column("Sent", lambda r: r.sent_on, key="sent", order_by=("sent_on",)),
        status_column(),
        lists.Column("Answer due", lambda r: r.chase_on, in_table=False),
        lists.Column("Leaving prison on", lambda r: r.release_date, in_table=False),
    ),
    filters=(
        status_filter(),
        lists.Filter(
            "referring_organisation",
            "From",
            "referring_organisation",
            choices="organisations",
            any_text="Any organisation",
            # Those that have referred to it, off an index (ADR 0051), not the whole scope.
            organisations=lambda request: queries.organisations_referring_to(
                request.current_organisation
            ),
        ),
        lists.Filter("answer_due", "Answer due", "chase_on", kind="dates"),
    ),
)


def _inbox(request):
    return queries.practice_inbox(request.user, request.current_organisation)


# What a page of the inbox shows, the only columns its rows read (ADR 0061, ADR 0065): the
# CSV, which has more, reads _inbox.
LISTED = (
    "public_id",
    "status",
    "sent_on",
    "chase_on",
    "is_prison_leaver",
    "release_date",
    "patient__given_name",
    "patient__family_name",
    "referring_organisation__name",
)


def _listed(rows):
    return (
        rows.select_related(None).select_related("patient", "referring_organisation").only(*LISTED)
    )


def _listed_for_organisation(organisation_id, today):
    return _listed(queries.organisation_inbox(organisation_id, today))


# The inbox as it is opened, its page read by a statement compiled once a process.
INBOX_READ = ListRead(INBOX, _listed_for_organisation, whole=reads_whole_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def inbox(request):
    listing = lists.ListPage(request, INBOX, _listed(_inbox(request)), read=INBOX_READ)
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "registration/inbox.jinja",
        {
            "listing": listing,
            "referrals": listing.page.object_list,
            "alerts": open_alerts_listed(request),
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(ANSWER)
def inbox_csv(request):
    return lists.export_csv(request, INBOX, _inbox(request))


def _ours(request, public_id):
    """The referral, if it was sent to this practice: only that practice answers it."""
    referral = referral_for(request, public_id)
    if referral.practice_id != request.current_organisation.pk:
        raise PermissionDenied
    return referral


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def accept(request, public_id):
    referral = _ours(request, public_id)
    return form_page(
        request,
        AcceptForm,
        template="registration/accept.jinja",
        context={"referral": referral},
        form_kwargs={
            "initial": {"version": referral.version, "nhs_number": referral.patient.nhs_number}
        },
        save=lambda form: services.accept(
            request.user,
            request.current_organisation,
            referral,
            registered_on=form.cleaned_data["registered_on"],
            nhs_number=form.cleaned_data["nhs_number"],
            expected_version=form.cleaned_data["version"],
        ),
        success=f"{referral.patient.full_name} is registered. The referrer can see this now.",
        next_url=detail_url(referral),
        on_view=lambda: audit_view(request, referral, "registration: accept"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def refuse(request, public_id):
    referral = _ours(request, public_id)
    return form_page(
        request,
        RefuseForm,
        template="registration/refuse.jinja",
        context={"referral": referral},
        form_kwargs={"initial": {"version": referral.version}},
        save=lambda form: services.refuse(
            request.user,
            request.current_organisation,
            referral,
            reason=form.cleaned_data["reason"],
            detail=form.cleaned_data["detail"],
            expected_version=form.cleaned_data["version"],
        ),
        success="The refusal is recorded. Write to the person within 14 days to explain why.",
        next_url=detail_url(referral),
        on_view=lambda: audit_view(request, referral, "registration: refuse"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def refusal_letter(request, public_id):
    referral = _ours(request, public_id)
    return form_page(
        request,
        DateForm,
        template="registration/date_form.jinja",
        context={
            "referral": referral,
            "heading": "Record your letter to the person",
            "submit_text": "Record the letter",
        },
        form_kwargs={"initial": {"version": referral.version}, "label": "Date the letter was sent"},
        save=lambda form: services.record_refusal_letter(
            request.user,
            request.current_organisation,
            referral,
            sent_on=form.cleaned_data["on"],
            expected_version=form.cleaned_data["version"],
        ),
        success="The letter to the person is recorded.",
        next_url=detail_url(referral),
    )
