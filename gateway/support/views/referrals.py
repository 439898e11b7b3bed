"""Referrals to services (docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes): the
person's referrals, a new referral, one referral with its history, recording what happened, the
worker's own referrals ("Your referrals", news first), and the commissioners' report of declines by
reason and by service (a table and a CSV file). Patients are read only through
gateway.patients.queries (404 for organisations not involved); writes go through referral_services;
every page is audited."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import check_answers
from gateway.core.csv_export import csv_response
from gateway.core.form_pages import form_page
from gateway.core.forms import show_refusal
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from ..forms.referrals import OutcomeForm, ReferralForm, ReportPeriodForm
from ..queries import referrals as referral_queries
from ..services import referrals as referral_services
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_support"
# Caldicott access table: only roles with this part in full open its pages.
OPEN = "support.open_service_referrals"
REPORT = "support.view_referral_report"


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def referrals(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: referrals to services")
    page = page_of(request, referral_queries.referrals_for(patient))
    return render(
        request,
        "support/referrals/list.jinja",
        {
            "patient": patient,
            "page": page,
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


DRAFTS = "support_referral_drafts"


def _form_page(request, form, patient):
    return render(
        request,
        "support/referrals/form.jinja",
        {
            "form": form,
            "patient": patient,
            "consent": referral_services.referral_consent(patient, request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
@permission_required(OPEN)
def referral_new(request, public_id):
    """The referral form; a valid form goes to check your answers (what was typed waits in
    the session under a random token, and Change links come back here with it)."""
    patient = visible_patient(request, public_id)
    draft = check_answers.recall(request, DRAFTS, request.GET.get("draft", ""))
    if draft is not None and draft["about"] != str(patient.public_id):
        draft = None
    if request.method == "POST":
        form = ReferralForm(request.POST)
        if form.is_valid():
            try:
                referral_services.check_referral(
                    request.current_organisation, patient, form.cleaned_data
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                token = check_answers.remember(request, DRAFTS, request.POST, patient.public_id)
                return redirect("support:referral-check", token=token)
    else:
        form = ReferralForm(check_answers.as_data(draft) if draft else None)
        audit.record_view(request, patient, what="support: new referral to a service")
    return _form_page(request, form, patient)


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
@permission_required(OPEN)
def referral_check(request, token):
    """Check your answers; the referral is recorded only when confirmed here."""
    organisation = request.current_organisation
    draft = check_answers.recall(request, DRAFTS, token)
    if draft is None:
        messages.info(request, "Your referral was not found. Start it again.")
        return redirect("core:home")
    patient = visible_patient(request, draft["about"])
    change_url = (
        f"{reverse('support:referral-new', kwargs={'public_id': patient.public_id})}?draft={token}"
    )
    form = ReferralForm(check_answers.as_data(draft))
    if not form.is_valid():
        return redirect(change_url)
    if request.method == "POST":
        try:
            referral = referral_services.send_referral(
                request.user, organisation, patient, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
            return _form_page(request, form, patient)
        check_answers.forget(request, DRAFTS, token)
        return redirect("support:referral-sent", public_id=referral.public_id)
    audit.record_view(request, patient, what="support: check a referral to a service")
    data = form.cleaned_data
    names = ["service_type"]
    if data.get("service_type") == "other":
        names.append("service_type_other")
    names.append("receiving_organisation")
    if not data.get("receiving_organisation"):
        names.append("receiving_service_name")
    names += ["reason", "persons_wishes", "sent_on"]
    return render(
        request,
        "support/referrals/check.jinja",
        {
            "patient": patient,
            "sections": [{"heading": "", "rows": check_answers.rows(form, change_url, names)}],
            "change_url": change_url,
            "token": token,
            "consent": referral_services.referral_consent(
                patient, organisation, data.get("receiving_organisation")
            ),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def referral_sent(request, public_id):
    """The confirmation page: what happens next."""
    referral = referral_queries.get_visible_referral(
        request.user, request.current_organisation, public_id
    )
    audit.record_view(request, referral.patient, what="support: referral recorded", obj=referral)
    return render(request, "support/referrals/sent.jinja", {"referral": referral})


def may_change(request, referral):
    organisation = request.current_organisation
    return (
        request.user.has_perm(RECORD, organisation)
        and referral_services.may_change(organisation, referral)
        and not referral.is_closed
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def referral_detail(request, public_id):
    referral = referral_queries.get_visible_referral(
        request.user, request.current_organisation, public_id
    )
    patient = visible_patient(request, referral.patient.public_id)
    audit.record_view(request, patient, what="support: referral to a service", obj=referral)
    news = referral.news_for_referrer and request.user.pk == referral.referred_by_id
    referral_services.mark_seen(request.user, referral)
    return render(
        request,
        "support/referrals/detail.jinja",
        {
            "patient": patient,
            "referral": referral,
            "changes": list(referral.changes.all()),
            "news": news,
            "can_change": may_change(request, referral),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def referral_change(request, public_id):
    organisation = request.current_organisation
    referral = referral_queries.get_visible_referral(request.user, organisation, public_id)
    patient = visible_patient(request, referral.patient.public_id)
    if not referral_services.may_change(organisation, referral):
        raise PermissionDenied(referral_services.NOT_YOURS)

    def save(form):
        data = form.cleaned_data
        return referral_services.record_change(
            request.user,
            organisation,
            referral,
            data["version"],
            to_status=data["to_status"],
            on=data["on"],
            decline_reason=data["decline_reason"],
            note=data["note"],
        )

    return form_page(
        request,
        OutcomeForm,
        template="support/referrals/change.jinja",
        context={"patient": patient, "referral": referral},
        form_kwargs={"referral": referral, "initial": {"version": referral.version}},
        save=save,
        success="What happened has been recorded",
        next_url=reverse("support:referral-detail", kwargs={"public_id": referral.public_id}),
        on_view=lambda: audit.record_view(
            request, patient, what="support: record what happened to a referral", obj=referral
        ),
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
def my_referrals(request):
    """Your referrals: the signed-in worker's referrals for the current organisation, those
    someone else has changed since they last looked first."""
    user, organisation = request.user, request.current_organisation
    page = page_of(request, referral_queries.referrals_made_by_listed(user, organisation))
    audit.record(
        audit.Action.VIEW,
        actor=user,
        organisation=organisation,
        object_type="support.worklist",
        object_id="referrals",
        detail={"page": "support: your referrals", "referrals": len(page)},
    )
    return render(
        request,
        "support/referrals/mine.jinja",
        {"page": page},
    )


def _period(request):
    today = timezone.localdate()
    form = ReportPeriodForm(request.GET or None)
    start, end = today - datetime.timedelta(days=365), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    return form, start, end


@require_http_methods(["GET"])
@permission_required(REPORT)
def decline_report(request):
    """Declines by reason and by service, for the commissioner's own patients
    (docs/domain/multiple-disadvantage.md#referrals-and-their-outcomes:
    this evidence changes commissioning). Counts only: no one is named."""
    user, organisation = request.user, request.current_organisation
    form, start, end = _period(request)
    report = referral_queries.decline_report(user, organisation, start, end)
    as_csv = request.GET.get("format") == "csv"
    audit.record(
        audit.Action.EXPORT if as_csv else audit.Action.VIEW,
        actor=user,
        organisation=organisation,
        object_type="support.report",
        object_id="referral-declines",
        detail={
            "page": "support: referral declines",
            "from": str(start),
            "to": str(end),
            "format": "csv" if as_csv else "page",
        },
    )
    if as_csv:
        return _csv(report)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "support/referrals/report.jinja",
        {"form": form, "report": report, "csv_query": query.urlencode()},
    )


def _csv(report):
    name = f"referral-declines-{report['start']}-to-{report['end']}.csv"
    reasons = report["by_reason"]
    header = ["Service", "Sent", "Accepted", "Declined", "Waiting", *[r["label"] for r in reasons]]
    rows = [
        [
            row["label"],
            row["sent"],
            row["accepted"],
            row["declined"],
            row["waiting"],
            *row["by_reason"],
        ]
        for row in report["by_service"]
    ]
    rows.append(
        [
            "All services",
            report["sent"],
            sum(r["accepted"] for r in report["by_service"]),
            report["declined"],
            sum(r["waiting"] for r in report["by_service"]),
            *[r["declined"] for r in reasons],
        ]
    )
    return csv_response(name, header, rows)
