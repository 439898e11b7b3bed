"""The practice's pages: the inbox of referrals sent to it, accepting (date
registered, NHS number if known) and refusing (a reason from the registry, with free text),
and recording the refusal letter to the person (DOMAIN §3.1: within 14 days)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.core import lists

from .. import queries, services
from ..forms import AcceptForm, DateForm, RefuseForm
from .common import (
    ANSWER,
    audit_view,
    person_column,
    referral_for,
    run,
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
        ),
        lists.Filter("answer_due", "Answer due", "chase_on", kind="dates"),
    ),
)


def _inbox(request):
    return queries.practice_inbox(request.user, request.current_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def inbox(request):
    listing = lists.ListPage(request, INBOX, _inbox(request))
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "registration/inbox.jinja",
        {
            "listing": listing,
            "referrals": listing.page.object_list,
            "alerts": list(queries.open_alerts(request.current_organisation)[:25]),
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(ANSWER)
def inbox_csv(request):
    return lists.export_csv(request, INBOX, _inbox(request))


def _ours(request, referral):
    """Only the practice the referral was sent to answers it."""
    if referral.practice_id != request.current_organisation.pk:
        raise PermissionDenied


def _detail(referral):
    return reverse("registration:detail", kwargs={"public_id": referral.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def accept(request, public_id):
    referral = referral_for(request, public_id)
    _ours(request, referral)
    form = AcceptForm(
        request.POST or None,
        initial={"version": referral.version, "nhs_number": referral.patient.nhs_number},
    )
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.accept(
                request.user,
                request.current_organisation,
                referral,
                registered_on=form.cleaned_data["registered_on"],
                nhs_number=form.cleaned_data["nhs_number"],
                expected_version=form.cleaned_data["version"],
            ),
            f"{referral.patient.full_name} is registered. The referrer can see this now.",
            _detail(referral),
        )
        if done:
            return done
    if request.method == "GET":
        audit_view(request, referral, "registration: accept")
    return render(
        request,
        "registration/accept.jinja",
        {"referral": referral, "form": form, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def refuse(request, public_id):
    referral = referral_for(request, public_id)
    _ours(request, referral)
    form = RefuseForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.refuse(
                request.user,
                request.current_organisation,
                referral,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
                expected_version=form.cleaned_data["version"],
            ),
            "The refusal is recorded. Write to the person within 14 days to explain why.",
            _detail(referral),
        )
        if done:
            return done
    if request.method == "GET":
        audit_view(request, referral, "registration: refuse")
    return render(
        request,
        "registration/refuse.jinja",
        {"referral": referral, "form": form, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
@permission_required(ANSWER)
def refusal_letter(request, public_id):
    referral = referral_for(request, public_id)
    _ours(request, referral)
    form = DateForm(request.POST or None, initial={"version": referral.version})
    form.fields["on"].label = "Date the letter was sent"
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.record_refusal_letter(
                request.user,
                request.current_organisation,
                referral,
                sent_on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
            ),
            "The letter to the person is recorded.",
            _detail(referral),
        )
        if done:
            return done
    return render(
        request,
        "registration/date_form.jinja",
        {
            "referral": referral,
            "form": form,
            "heading": "Record your letter to the person",
            "action": reverse("registration:refusal-letter", kwargs={"public_id": public_id}),
            "button_text": "Record the letter",
            "page_has_errors": bool(form.errors),
        },
    )
