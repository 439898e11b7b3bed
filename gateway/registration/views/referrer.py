"""The referrer's pages: the list of referrals, choosing the practice and sending, what
happens after a refusal, withdrawing, and recording the first appointment. The new-referral
journey is in new_referral.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.core import lists
from gateway.core.form_pages import form_page
from gateway.core.list_reads import ListRead
from gateway.core.permissions import permission_required
from gateway.patients.queries import reads_whole_organisation

from .. import queries, services
from ..forms import AfterRefusalForm, ChoosePracticeForm, DateForm, WithdrawForm
from .common import (
    REFER,
    Status,
    audit_view,
    detail_url,
    open_alerts_listed,
    person_column,
    referral_for,
    status_column,
    status_filter,
)

REFERRALS = lists.ListSpec(
    name="registration-referrals",
    url_name="registration:list",
    csv_url_name="registration:list-csv",
    noun="referral",
    audit_type="registration.RegistrationReferral",
    default_sort="-referred",
    columns=(
        person_column(),
        lists.Column(
            "Referred", lambda r: r.referred_on, key="referred", order_by=("referred_on",)
        ),
        lists.Column(
            "Practice",
            lambda r: r.practice.name if r.practice else "Not chosen yet",
            key="practice",
            order_by=("practice__name",),
        ),
        status_column(),
        lists.Column("Sent", lambda r: r.sent_on, in_table=False),
        lists.Column("Answer due", lambda r: r.chase_on, in_table=False),
    ),
    filters=(
        status_filter(),
        lists.Filter(
            "practice",
            "Practice",
            "practice",
            choices="organisations",
            any_text="Any practice",
            # The practices it has referred to, off an index (ADR 0051), not the whole scope.
            organisations=lambda request: queries.referred_to_practices(
                request.current_organisation
            ),
        ),
        lists.Filter("referred", "Referred", "referred_on", kind="dates"),
    ),
)


def _referrals(request):
    return queries.referrer_list(request.user, request.current_organisation)


# What a page of the list shows, the only columns its rows read (ADR 0061, ADR 0065): the
# CSV, which has more, reads _referrals.
LISTED = (
    "public_id",
    "status",
    "referred_on",
    "patient__given_name",
    "patient__family_name",
    "practice__name",
)


def _listed(rows):
    return rows.select_related(None).select_related("patient", "practice").only(*LISTED)


def _listed_for_organisation(organisation_id, today):
    return _listed(queries.organisation_referrer_list(organisation_id, today))


# The list as it is opened, its page read by a statement compiled once a process.
REFERRALS_READ = ListRead(REFERRALS, _listed_for_organisation, whole=reads_whole_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def referral_list(request):
    listing = lists.ListPage(request, REFERRALS, _listed(_referrals(request)), read=REFERRALS_READ)
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "registration/list.jinja",
        {
            "listing": listing,
            "referrals": listing.page.object_list,
            "alerts": open_alerts_listed(request),
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(REFER)
def referral_list_csv(request):
    return lists.export_csv(request, REFERRALS, _referrals(request))


def _own(request, public_id):
    """The referral, if this organisation referred: only the referrer acts on it (others who
    may see it get an honest 403: they know the referral exists)."""
    referral = referral_for(request, public_id)
    if referral.referring_organisation_id != request.current_organisation.pk:
        raise PermissionDenied
    return referral


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def choose(request, public_id):
    referral = _own(request, public_id)
    choice = services.practice_choice(referral)
    practices = queries.gp_practices(choice.options)

    def choose_and_send(form):
        practice = next(p for p in practices if str(p.public_id) == form.cleaned_data["practice"])
        user, organisation = request.user, request.current_organisation
        services.choose_practice(
            user, organisation, referral, practice, form.cleaned_data["version"]
        )
        services.send(user, organisation, referral, referral.version)
        return practice

    return form_page(
        request,
        ChoosePracticeForm,
        template="registration/choose.jinja",
        context={"referral": referral, "choice": choice},
        form_kwargs={"practices": practices, "initial": {"version": referral.version}},
        save=choose_and_send,
        success=lambda practice: f"The referral has been sent to {practice.name}.",
        next_url=reverse("registration:sent", kwargs={"public_id": referral.public_id}),
        on_view=lambda: audit_view(request, referral, "registration: choose practice"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def attended(request, public_id):
    referral = _own(request, public_id)
    return form_page(
        request,
        DateForm,
        template="registration/date_form.jinja",
        context={
            "referral": referral,
            "heading": "Record the first appointment",
            "submit_text": "Record the appointment",
        },
        form_kwargs={
            "initial": {"version": referral.version},
            "label": "Date of the first appointment",
        },
        save=lambda form: services.record_first_appointment(
            request.user,
            request.current_organisation,
            referral,
            attended_on=form.cleaned_data["on"],
            expected_version=form.cleaned_data["version"],
        ),
        success="The first appointment is recorded.",
        next_url=detail_url(referral),
    )


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def withdraw(request, public_id):
    referral = _own(request, public_id)
    return form_page(
        request,
        WithdrawForm,
        template="registration/withdraw.jinja",
        context={"referral": referral},
        form_kwargs={"initial": {"version": referral.version}},
        save=lambda form: services.withdraw(
            request.user,
            request.current_organisation,
            referral,
            form.cleaned_data["reason"],
            form.cleaned_data["version"],
        ),
        success="The referral has been withdrawn.",
        next_url=detail_url(referral),
    )


CHALLENGED = (
    "The challenge has been sent to the commissioner, with the referral's history. They will "
    "contact the practice and tell you the outcome here."
)


@require_http_methods(["GET", "POST"])
@permission_required(REFER)
def after_refusal(request, public_id):
    """The referrer's next step after a refusal: another practice, a challenge or stop."""
    referral = _own(request, public_id)
    if not services.next_steps_open(referral):
        messages.info(request, "You have already chosen what to do after this refusal.")
        return redirect("registration:detail", public_id=referral.public_id)

    def next_step(form):
        """What was done, in words, and where to go next."""
        step = form.cleaned_data["next_step"]
        user, organisation = request.user, request.current_organisation
        version, reason = form.cleaned_data["version"], form.cleaned_data["reason"]
        if step == AfterRefusalForm.ANOTHER:
            new = services.choose_another_practice(user, organisation, referral, version)
            choose_url = reverse("registration:choose", kwargs={"public_id": new.public_id})
            return "Now choose the practice to send the referral to.", choose_url
        if step == AfterRefusalForm.CHALLENGE:
            services.challenge_refusal(user, organisation, referral, reason, version)
            return CHALLENGED, detail_url(referral)
        services.stop_after_refusal(user, organisation, referral, reason, version)
        return "The referral is closed. The refusal stays on record.", detail_url(referral)

    return form_page(
        request,
        AfterRefusalForm,
        template="registration/after_refusal.jinja",
        context={"referral": referral},
        form_kwargs={
            "initial": {"version": referral.version},
            "can_challenge": services.can_challenge(referral),
        },
        save=next_step,
        success=lambda done: done[0],
        next_url=lambda done: done[1],
        on_view=lambda: audit_view(request, referral, "registration: after a refusal"),
    )


@require_http_methods(["GET"])
@permission_required(REFER)
def sent(request, public_id):
    """The confirmation page: the referral is sent, and what happens next and by when."""
    referral = _own(request, public_id)
    if referral.status != Status.SENT:
        return redirect("registration:detail", public_id=referral.public_id)
    audit_view(request, referral, "registration: referral sent")
    return render(request, "registration/sent.jinja", {"referral": referral})
