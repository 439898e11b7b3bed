"""The person's support section: needs and multiple-disadvantage status, assessments (record,
view one, history with a chart), MARAC referrals from a DASH. Patients are read only through
gateway.patients.queries (404 for organisations not involved); writes go through services;
every page is audited. DASH details are shown only to those permitted (rules/permissions.py)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.pagination import PAGE_SIZE, page_of
from gateway.core.permissions import permission_required
from gateway.patients.queries import recorded_death
from gateway.registration import queries as registration_queries

from .. import presenters, queries, services
from ..forms import FORMS, EndNeedForm, MaracReferralForm, NeedForm
from ..models import Assessment, Need
from ..queries import support_page
from ..rules import dash
from ..rules.permissions import can_view_dash_details, parts_opened
from .common import visible_patient

RESTRICTED = "A domestic abuse risk assessment exists — ask the lead worker"
DASH = Assessment.Kind.DASH
VIEW = "support.view_support"
RECORD = "support.record_support"
# Caldicott access table: only roles with this part in full open its pages.
OPEN = "support.open_assessments"


def _kind(kind):
    if kind not in Assessment.Kind.values:
        raise Http404("No such assessment.")
    return kind


def _support_page(patient):
    return reverse("support:patient", kwargs={"public_id": patient.public_id})


def _assessment_page(assessment):
    return reverse("support:assessment-detail", kwargs={"public_id": assessment.public_id})


def _dash_scope(request, assessments):
    """The DASH rows this person may see in detail, and whether others exist unseen."""
    organisation = request.current_organisation
    if can_view_dash_details(request.user, organisation):
        return assessments, False
    own = assessments.filter(organisation=organisation)
    return own, assessments.exclude(organisation=organisation).exists()


@require_http_methods(["GET"])
@permission_required(VIEW)
def patient_support(request, public_id):
    """The person's support page: the person and every single value it shows in one query,
    then one for each kind of row it lists (queries/support_page.py; issue 17's budget)."""
    organisation = request.current_organisation
    patient = support_page.get_patient_for_support_page(request.user, organisation, public_id)
    audit.record_view(request, patient, what="support: needs and assessments")
    latest = queries.latest_assessments(patient)
    dash_latest = latest.pop(DASH, None)
    dash_visible = dash_latest is not None and can_view_dash_details(
        request.user, organisation, dash_latest
    )
    referrals, incidents, escalation = [], [], None
    dash_details = can_view_dash_details(request.user, organisation)
    if dash_details:
        referrals = queries.marac_referrals_shown(patient, PAGE_SIZE)
        incidents, escalation = support_page.incidents_and_escalation(patient, PAGE_SIZE)
    mcn_stored, mcn_rule = support_page.mcn_for_page(patient)
    return render(
        request,
        "support/patient.jinja",
        {
            "patient": patient,
            "needs": page_of(request, queries.needs_for(patient), count=patient.needs_count),
            "mcn_stored": mcn_stored,
            "mcn_rule": mcn_rule,
            "commissioner_name": patient.commissioner_name,
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
            "can_record": request.user.has_perm(RECORD, organisation),
            "opens": parts_opened(request.user, organisation),
            "team_panel": support_page.team_panel(patient),
            "open_referrals": patient.open_referral_count,
            "patient_died": recorded_death(patient) is not None,
            "gp_referrals": registration_queries.referrals_for_patient(
                request.user, organisation, patient
            ),
            "can_refer_to_gp": request.user.has_perm("registration.refer", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def need_add(request, public_id):
    patient = visible_patient(request, public_id)

    def save(form):
        data = dict(form.cleaned_data)
        return services.add_needs(
            request.user, request.current_organisation, patient, domains=data.pop("domain"), **data
        )

    return form_page(
        request,
        NeedForm,
        template="support/need_form.jinja",
        context={"patient": patient},
        save=save,
        success=lambda needs: (
            "The need has been recorded"
            if len(needs) == 1
            else f"{len(needs)} needs have been recorded"
        ),
        next_url=_support_page(patient),
        on_view=lambda: audit.record_view(request, patient, what="support: add a need"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def need_end(request, public_id):
    organisation = request.current_organisation
    need = queries.get_visible_need(request.user, organisation, public_id)
    patient = visible_patient(request, need.patient.public_id)
    return form_page(
        request,
        EndNeedForm,
        template="support/need_end.jinja",
        context={"need": need, "patient": patient},
        save=lambda form: services.end_need(request.user, organisation, need, **form.cleaned_data),
        success="The need has been marked as past",
        next_url=_support_page(patient),
        on_view=lambda: audit.record_view(request, patient, what="support: end a need", obj=need),
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
@permission_required(RECORD)
@permission_required(OPEN)
def assessment_new(request, public_id, kind):
    kind = _kind(kind)
    patient = visible_patient(request, public_id)

    def save(form):
        record, answers, extra = RECORDERS[kind](form)
        if "notes" in form.cleaned_data:
            extra["notes"] = form.cleaned_data["notes"]
        return record(
            request.user,
            request.current_organisation,
            patient,
            answers,
            assessed_on=form.cleaned_data["assessed_on"],
            **extra,
        )

    return form_page(
        request,
        FORMS[kind],
        template="support/assessment_form.jinja",
        context={"patient": patient, "kind": kind, "kind_label": Assessment.Kind(kind).label},
        save=save,
        success=lambda assessment: f"The {assessment.get_kind_display()} has been recorded",
        next_url=_assessment_page,
        on_view=lambda: audit.record_view(request, patient, what=f"support: record {kind}"),
    )


@require_http_methods(["GET"])
@permission_required(VIEW)
@permission_required(OPEN)
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
        referrals = list(queries.marac_referrals_from(assessment))
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
@permission_required(VIEW)
@permission_required(OPEN)
def assessment_history(request, public_id, kind):
    kind = _kind(kind)
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what=f"support: {kind} history")
    assessments, hidden_exist = queries.assessments_for(patient, kind), False
    if kind == DASH:
        assessments, hidden_exist = _dash_scope(request, assessments)
    page = page_of(request, assessments)
    rows = list(page.object_list)
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
            "hidden_exist": hidden_exist,
            "restricted_text": RESTRICTED,
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def marac_new(request, public_id):
    organisation = request.current_organisation
    assessment = queries.get_visible_assessment(request.user, organisation, public_id)
    if assessment.kind != DASH or not can_view_dash_details(request.user, organisation, assessment):
        raise Http404("No such checklist.")
    patient = visible_patient(request, assessment.patient.public_id)
    return form_page(
        request,
        MaracReferralForm,
        template="support/marac_form.jinja",
        context={
            "patient": patient,
            "assessment": assessment,
            "visible_high_risk": dash.is_visible_high_risk(assessment.total),
        },
        save=lambda form: services.refer_to_marac(
            request.user, organisation, assessment, **form.cleaned_data
        ),
        success="The MARAC referral has been recorded",
        next_url=_assessment_page(assessment),
        on_view=lambda: audit.record_view(
            request, patient, what="support: MARAC referral", obj=assessment
        ),
    )
