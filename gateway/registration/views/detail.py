"""One referral as each organisation involved sees it: the person, the status and
its history, open alerts, and the actions this organisation may take now. Also recording
returned post (DOMAIN §3.1 FP69), for the referrer or the practice."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.core.formats import long_date

from .. import queries, services
from ..forms import DateForm
from ..models import RegistrationReferral
from ..rules import dates
from .common import ANSWER, OVERSEE, REFER, VIEW, audit_view, referral_for, run

Status = RegistrationReferral.Status


def _actions(request, referral):
    organisation = request.current_organisation
    user = request.user
    ours = referral.referring_organisation_id == organisation.pk
    practice = referral.practice_id == organisation.pk
    refer = ours and user.has_perm(REFER, organisation)
    answer = practice and user.has_perm(ANSWER, organisation)
    oversee = (
        referral.practice is not None
        and referral.practice.commissioner_id == organisation.pk
        and user.has_perm(OVERSEE, organisation)
    )
    status = referral.status
    return {
        # A refusal is never a dead end: the referrer chooses what to do next, and the
        # commissioner acts on a refusal it was told about or that was challenged.
        "after_refusal": refer and services.next_steps_open(referral),
        "commissioner": oversee and services.commissioner_may_decide(referral),
        "choose": refer and status == Status.CHOOSING_PRACTICE,
        "withdraw": refer and referral.is_open,
        "attended": refer
        and status == Status.REGISTERED
        and not referral.first_appointment_attended_on,
        "accept": answer and status == Status.SENT,
        "refuse": answer and status == Status.SENT,
        "refusal_letter": answer
        and status == Status.REFUSED
        and not referral.refusal_letter_sent_on,
        "returned_post": (ours or practice) and status in (Status.SENT, Status.REGISTERED),
        "address_confirmed": (ours or practice)
        and status in (Status.SENT, Status.REGISTERED)
        and referral.post_returned_on is not None
        and referral.address_confirmed_on is None,
    }


@require_http_methods(["GET"])
@permission_required(VIEW)
def detail(request, public_id):
    referral = referral_for(request, public_id)
    audit_view(request, referral, "registration: referral")
    visible = queries.visible_referrals(request.user, request.current_organisation)
    address = queries.current_address(referral)
    return render(
        request,
        "registration/detail.jinja",
        {
            "referral": referral,
            "patient": referral.patient,
            "changes": list(referral.changes.select_related("by", "by_organisation")),
            "alerts": list(
                referral.alerts.filter(
                    organisation=request.current_organisation, cleared_at__isnull=True
                )
            ),
            "actions": _actions(request, referral),
            "address": address,
            # Only referrals this organisation may open are linked (never a link to a 404).
            "follows": visible.filter(pk=referral.follows_id).first()
            if referral.follows_id
            else None,
            "followed_by": list(visible.filter(follows=referral).select_related("practice")),
            "registration_due_by": dates.registration_due_by(referral.release_date)
            if referral.release_date
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def returned_post(request, public_id):
    referral = referral_for(request, public_id)
    if not _actions(request, referral)["returned_post"]:
        raise PermissionDenied
    form = DateForm(request.POST or None, initial={"version": referral.version})
    form.fields["on"].label = "Date the post came back"
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.record_returned_post(
                request.user,
                request.current_organisation,
                referral,
                returned_on=form.cleaned_data["on"],
            ),
            "Returned post is recorded. The referrer and the practice have an alert to "
            "confirm the address.",
            reverse("registration:detail", kwargs={"public_id": public_id}),
        )
        if done:
            return done
    return render(
        request,
        "registration/date_form.jinja",
        {
            "referral": referral,
            "form": form,
            "heading": "Post to the person was returned",
            "intro": "If the address is not confirmed within 6 months, the person may be "
            "removed from the practice list. Gateway will show the date, alert the referrer and "
            "the practice before it, and tell the commissioner when it is near.",
            "action": reverse("registration:returned-post", kwargs={"public_id": public_id}),
            "button_text": "Record returned post",
            "page_has_errors": bool(form.errors),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def address_confirmed(request, public_id):
    referral = referral_for(request, public_id)
    if not _actions(request, referral)["address_confirmed"]:
        raise PermissionDenied
    form = DateForm(request.POST or None, initial={"version": referral.version})
    form.fields["on"].label = "Date the address was confirmed"
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            form,
            lambda: services.record_address_confirmed(
                request.user,
                request.current_organisation,
                referral,
                confirmed_on=form.cleaned_data["on"],
            ),
            "The address is confirmed. The person will not be removed for returned post.",
            reverse("registration:detail", kwargs={"public_id": public_id}),
        )
        if done:
            return done
    return render(
        request,
        "registration/date_form.jinja",
        {
            "referral": referral,
            "form": form,
            "heading": "The person's address is confirmed",
            "intro": f"Post came back on {long_date(referral.post_returned_on)}. Confirming "
            "the address stops the removal from the practice list and closes the alerts.",
            "action": reverse("registration:address-confirmed", kwargs={"public_id": public_id}),
            "button_text": "Confirm the address",
            "page_has_errors": bool(form.errors),
        },
    )
