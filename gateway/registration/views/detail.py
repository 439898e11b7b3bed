"""One referral as each organisation involved sees it: the person, the status and
its history, open alerts, and the actions this organisation may take now. Also recording
returned post (docs/domain/gp-registration.md#national-rules FP69), for the referrer or the
practice."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gateway.core.form_pages import form_page
from gateway.core.formats import long_date
from gateway.core.permissions import permission_required

from .. import queries, services
from ..forms import DateForm
from ..rules import dates
from .common import ANSWER, OVERSEE, REFER, VIEW, Status, audit_view, detail_url, referral_for


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
    organisation = request.current_organisation
    follows, followed_by = queries.linked_referrals(request.user, organisation, referral)
    return render(
        request,
        "registration/detail.jinja",
        {
            "referral": referral,
            "patient": referral.patient,
            "changes": queries.referral_history(referral),
            "alerts": queries.open_alerts_on(referral, organisation),
            "actions": _actions(request, referral),
            "address": queries.current_address(referral),
            # Only referrals this organisation may open are linked (never a link to a 404).
            "follows": follows,
            "followed_by": followed_by,
            "registration_due_by": dates.registration_due_by(referral.release_date)
            if referral.release_date
            else None,
        },
    )


def _may(request, public_id, action):
    """The referral, if this organisation may take the action on it now."""
    referral = referral_for(request, public_id)
    if not _actions(request, referral)[action]:
        raise PermissionDenied
    return referral


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def returned_post(request, public_id):
    referral = _may(request, public_id, "returned_post")
    return form_page(
        request,
        DateForm,
        template="registration/date_form.jinja",
        context={
            "referral": referral,
            "heading": "Post to the person was returned",
            "intro": "If the address is not confirmed within 6 months, the person may be "
            "removed from the practice list. Gateway will show the date, alert the referrer and "
            "the practice before it, and tell the commissioner when it is near.",
            "submit_text": "Record returned post",
        },
        form_kwargs={"initial": {"version": referral.version}, "label": "Date the post came back"},
        save=lambda form: services.record_returned_post(
            request.user,
            request.current_organisation,
            referral,
            returned_on=form.cleaned_data["on"],
        ),
        success="Returned post is recorded. The referrer and the practice have an alert to "
        "confirm the address.",
        next_url=detail_url(referral),
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW)
def address_confirmed(request, public_id):
    referral = _may(request, public_id, "address_confirmed")
    return form_page(
        request,
        DateForm,
        template="registration/date_form.jinja",
        context={
            "referral": referral,
            "heading": "The person's address is confirmed",
            "intro": f"Post came back on {long_date(referral.post_returned_on)}. Confirming "
            "the address stops the removal from the practice list and closes the alerts.",
            "submit_text": "Confirm the address",
        },
        form_kwargs={
            "initial": {"version": referral.version},
            "label": "Date the address was confirmed",
        },
        save=lambda form: services.record_address_confirmed(
            request.user,
            request.current_organisation,
            referral,
            confirmed_on=form.cleaned_data["on"],
        ),
        success="The address is confirmed. The person will not be removed for returned post.",
        next_url=detail_url(referral),
    )
