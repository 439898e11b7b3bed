"""The person's support section: needs and multiple-disadvantage status, assessments (record,
view one, history with a chart), MARAC referrals from a DASH. Patients are read only through
gateway.patients.queries (404 for organisations not involved); writes go through services;
every page is audited. DASH details are shown only to those permitted (rules/permissions.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.forms import show_refusal
from gateway.patients.presenters import pagination
from gateway.registration import queries as registration_queries

from .. import presenters, queries, services
from ..forms import FORMS, EndNeedForm, MaracReferralForm, NeedForm
from ..models import Assessment, Need
from ..queries import referrals as referral_queries
from ..queries import team as team_queries
from ..rules import dash
from ..rules.permissions import can_view_dash_details
from .common import PAGE_SIZE, visible_patient

RESTRICTED = "A domestic abuse risk assessment exists — ask the lead worker"
DASH = Assessment.Kind.DASH


support_permission = permission_required


def _kind(kind):
    if kind not in Assessment.Kind.values:
        raise Http404("No such assessment.")
    return kind


def _dash_scope(request, assessments):
    """The DASH rows this person may see in detail, and whether others exist unseen."""
    organisation = request.current_organisation
    if can_view_dash_details(request.user, organisation):
        return assessments, False
    own = assessments.filter(organisation=organisation)
    return own, assessments.exclude(organisation=organisation).exists()


@require_http_methods(["GET"])
@support_permission("support.view_support")
def patient_support(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: needs and assessments")
    commissioner = queries.commissioner_for(patient, organisation)
    latest = queries.latest_assessments(patient)
    dash_latest = latest.pop(DASH, None)
    dash_visible = dash_latest is not None and can_view_dash_details(
        request.user, organisation, dash_latest
    )
    referrals, incidents, escalation = [], [], None
    dash_details = can_view_dash_details(request.user, organisation)
    if dash_details:
        referrals = list(queries.marac_referrals_for(patient)[:PAGE_SIZE])
        incidents = list(queries.incidents_for(patient)[:PAGE_SIZE])
        escalation = queries.dash_escalation(patient, organisation, commissioner=commissioner)
    needs_page = Paginator(queries.needs_for(patient), PAGE_SIZE).get_page(request.GET.get("page"))
    url = reverse("support:patient", kwargs={"public_id": public_id})
    return render(
        request,
        "support/patient.jinja",
        {
            "patient": patient,
            "needs": list(needs_page.object_list),
            "needs_pagination": pagination(needs_page, url),
            "mcn_stored": queries.latest_mcn_status(patient, commissioner),
            "mcn_rule": queries.mcn_rule_in_force(commissioner),
            "commissioner": commissioner,
            "latest": latest,
            "dash_latest": dash_latest,
            "dash_visible": dash_visible,
            "restricted_text": RESTRICTED,
            "referrals": referrals,
            "dash_details": dash_details,
            "incidents": incidents,
            "escalation": escalation,
            "kinds": Assessment.Kind,
            "domain_labels": dict(Need.Domain.choices),
            "can_record": request.user.has_perm("support.record_support", organisation),
            "team_panel": team_queries.panel(patient),
            "open_referrals": referral_queries.open_referral_count(patient),
            "patient_died": queries.death_of(patient) is not None,
            "gp_referrals": registration_queries.referrals_for_patient(
                request.user, organisation, patient
            ),
            "can_refer_to_gp": request.user.has_perm("registration.refer", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@support_permission("support.record_support")
def need_add(request, public_id):
    patient = visible_patient(request, public_id)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            needs = services.add_needs(
                request.user,
                request.current_organisation,
                patient,
                domains=data.pop("domain"),
                **data,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                "The need has been recorded"
                if len(needs) == 1
                else f"{len(needs)} needs have been recorded",
            )
            return redirect("support:patient", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: add a need")
    return render(
        request,
        "support/need_form.jinja",
        {"form": form, "patient": patient, "page_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
@support_permission("support.record_support")
def need_end(request, public_id):
    organisation = request.current_organisation
    need = queries.get_visible_need(request.user, organisation, public_id)
    patient = visible_patient(request, need.patient.public_id)
    form = EndNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_need(request.user, organisation, need, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The need has been marked as past")
            return redirect("support:patient", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: end a need", obj=need)
    return render(
        request,
        "support/need_end.jinja",
        {"form": form, "need": need, "patient": patient, "page_has_errors": bool(form.errors)},
    )


RECORDERS = {
    Assessment.Kind.EDMONTON: lambda form: (services.record_edmonton, form.answers(), {}),
    Assessment.Kind.NDTA: lambda form: (services.record_ndta, form.ratings(), {}),
    Assessment.Kind.DASH: lambda form: (
        services.record_dash,
        form.answers(),
        {"judged": form.cleaned_data["judged"] or None, "reasons": form.cleaned_data["reasons"]},
    ),
}


@require_http_methods(["GET", "POST"])
@support_permission("support.record_support")
def assessment_new(request, public_id, kind):
    kind = _kind(kind)
    patient = visible_patient(request, public_id)
    form = FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid():
        record, answers, extra = RECORDERS[kind](form)
        if "notes" in form.cleaned_data:
            extra["notes"] = form.cleaned_data["notes"]
        try:
            assessment = record(
                request.user,
                request.current_organisation,
                patient,
                answers,
                assessed_on=form.cleaned_data["assessed_on"],
                **extra,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"The {assessment.get_kind_display()} has been recorded")
            return redirect("support:assessment-detail", public_id=assessment.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what=f"support: record {kind}")
    return render(
        request,
        "support/assessment_form.jinja",
        {
            "form": form,
            "patient": patient,
            "kind": kind,
            "kind_label": Assessment.Kind(kind).label,
            "page_has_errors": bool(form.errors),
        },
    )


@require_http_methods(["GET"])
@support_permission("support.view_support")
def assessment_detail(request, public_id):
    organisation = request.current_organisation
    assessment = queries.get_visible_assessment(request.user, organisation, public_id)
    patient = visible_patient(request, assessment.patient.public_id)
    restricted = assessment.kind == DASH and not can_view_dash_details(
        request.user, organisation, assessment
    )
    audit.record_view(request, patient, what="support: assessment", obj=assessment)
    context = {
        "patient": patient,
        "assessment": assessment,
        "restricted": restricted,
        "restricted_text": RESTRICTED,
    }
    if not restricted:
        referrals = list(assessment.marac.select_related("referred_by", "organisation"))
        context.update(
            rows=presenters.item_rows(assessment),
            referrals=referrals,
            prompt_marac=assessment.kind == DASH
            and dash.should_prompt_marac(assessment.total, assessment.risk_level)
            and not referrals,
            risk_label=dash.RISK_LABELS.get(assessment.risk_level, ""),
        )
    return render(request, "support/assessment_detail.jinja", context)


@require_http_methods(["GET"])
@support_permission("support.view_support")
def assessment_history(request, public_id, kind):
    kind = _kind(kind)
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what=f"support: {kind} history")
    assessments, hidden_exist = queries.assessments_for(patient, kind), False
    if kind == DASH:
        assessments, hidden_exist = _dash_scope(request, assessments)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    url = reverse("support:assessment-history", kwargs={"public_id": public_id, "kind": kind})
    return render(
        request,
        "support/assessment_history.jinja",
        {
            "patient": patient,
            "kind": kind,
            "kind_label": Assessment.Kind(kind).label,
            "page": page,
            "assessments": rows,
            "chart": presenters.history_chart(rows, kind) if rows else None,
            "pagination": pagination(page, url),
            "hidden_exist": hidden_exist,
            "restricted_text": RESTRICTED,
            "can_record": request.user.has_perm(
                "support.record_support", request.current_organisation
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@support_permission("support.record_support")
def marac_new(request, public_id):
    organisation = request.current_organisation
    assessment = queries.get_visible_assessment(request.user, organisation, public_id)
    if assessment.kind != DASH or not can_view_dash_details(request.user, organisation, assessment):
        raise Http404("No such checklist.")
    patient = visible_patient(request, assessment.patient.public_id)
    form = MaracReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer_to_marac(request.user, organisation, assessment, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The MARAC referral has been recorded")
            return redirect("support:assessment-detail", public_id=assessment.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: MARAC referral", obj=assessment)
    return render(
        request,
        "support/marac_form.jinja",
        {
            "form": form,
            "patient": patient,
            "assessment": assessment,
            "visible_high_risk": dash.is_visible_high_risk(assessment.total),
            "page_has_errors": bool(form.errors),
        },
    )
