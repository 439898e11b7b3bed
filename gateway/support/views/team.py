"""The person's support team and working agreements (DOMAIN §4). Patients
are read only through gateway.patients.queries (404 for organisations not involved); writes
go through team_services; every page is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gateway.accounts.decorators import permission_required
from gateway.audit import services as audit
from gateway.core.forms import show_refusal

from ..forms.team import AgreementForm, EndTeamMemberForm, TeamMemberForm, VersionForm
from ..queries import team as team_queries
from ..services import team as team_services
from ..services.common import STALE
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_support"


def _render(request, template, page_errors=False, **context):
    return render(request, template, {"page_has_errors": page_errors, **context})


@require_http_methods(["GET"])
@permission_required(VIEW)
def team(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: team and working agreements")
    members = list(team_queries.team_for(patient, include_ended=True))
    return _render(
        request,
        "support/team/team.jinja",
        patient=patient,
        current=[m for m in members if m.ended_on is None],
        past=[m for m in members if m.ended_on is not None],
        agreements=list(team_queries.agreements_for(patient)[:25]),
        can_record=request.user.has_perm(RECORD, request.current_organisation),
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def member_add(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    form = TeamMemberForm(
        request.POST or None, memberships=team_queries.action_owner_memberships(patient)
    )
    if request.method == "POST" and form.is_valid():
        try:
            team_services.add_team_member(request.user, organisation, patient, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "They have been added to the support team")
            return redirect("support:team", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: add to the team")
    return _render(
        request,
        "support/team/member_form.jinja",
        bool(form.errors),
        form=form,
        patient=patient,
    )


def _member(request, public_id):
    return team_queries.get_visible_team_member(
        request.user, request.current_organisation, public_id
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def member_end(request, public_id):
    organisation = request.current_organisation
    member = _member(request, public_id)
    patient = member.patient
    form = EndTeamMemberForm(request.POST or None, initial={"version": member.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            team_services.end_team_member(request.user, organisation, member, version, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "They are no longer on the support team")
            return redirect("support:team", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: end team membership", obj=member)
    return _render(
        request,
        "support/team/member_end.jinja",
        bool(form.errors),
        form=form,
        member=member,
        patient=patient,
    )


@require_http_methods(["POST"])
@permission_required(RECORD)
def member_lead(request, public_id):
    member = _member(request, public_id)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(STALE)
        team_services.set_lead_worker(
            request.user, request.current_organisation, member, form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The lead worker has been changed")
    return redirect("support:team", public_id=member.patient.public_id)


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def agreement_new(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    current = team_queries.current_agreement(patient)
    form = AgreementForm(
        request.POST or None,
        organisations=team_queries.involved_organisations(patient).order_by("name"),
        initial={"replaces": str(current.public_id) if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The agreement the user saw: if it is no longer the current one, the service
        # refuses instead of silently superseding someone else's.
        replaces = data.pop("replaces")
        seen = current if current and str(current.public_id) == replaces else None
        if replaces and seen is None:
            seen = False
        try:
            if seen is False:
                raise ValidationError(
                    "Someone else recorded a working agreement while you were writing this "
                    "one. Read the current agreement, then record yours again."
                )
            team_services.record_agreement(
                request.user, organisation, patient, replaces=seen, **data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The working agreement has been recorded")
            return redirect("support:team", public_id=patient.public_id)
    if request.method == "GET":
        audit.record_view(request, patient, what="support: record a working agreement")
    return _render(
        request,
        "support/team/agreement_form.jinja",
        bool(form.errors),
        form=form,
        patient=patient,
        current=current,
    )
