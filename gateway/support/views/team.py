"""The person's support team and working agreements
(docs/domain/multiple-disadvantage.md#what-helps). Patients are read only through
gateway.patients.queries (404 for organisations not involved); writes go through team_services;
every page is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.permissions import permission_required

from ..forms.team import AgreementForm, EndTeamMemberForm, TeamMemberForm, VersionForm
from ..queries import team as team_queries
from ..services import team as team_services
from ..services.common import STALE
from .common import visible_patient

VIEW = "support.view_support"
RECORD = "support.record_support"
AGREEMENT_CHANGED = (
    "Someone else recorded a working agreement while you were writing this "
    "one. Read the current agreement, then record yours again."
)


def _team_page(patient):
    return reverse("support:team", kwargs={"public_id": patient.public_id})


@require_http_methods(["GET"])
@permission_required(VIEW)
def team(request, public_id):
    patient = visible_patient(request, public_id)
    audit.record_view(request, patient, what="support: team and working agreements")
    members = list(team_queries.team_for(patient, include_ended=True))
    return render(
        request,
        "support/team/team.jinja",
        {
            "patient": patient,
            "current": [m for m in members if m.ended_on is None],
            "past": [m for m in members if m.ended_on is not None],
            "agreements": list(team_queries.agreements_for(patient)[:25]),
            "can_record": request.user.has_perm(RECORD, request.current_organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(RECORD)
def member_add(request, public_id):
    organisation = request.current_organisation
    patient = visible_patient(request, public_id)
    return form_page(
        request,
        TeamMemberForm,
        template="support/team/member_form.jinja",
        context={"patient": patient},
        form_kwargs={"memberships": team_queries.action_owner_memberships(patient)},
        save=lambda form: team_services.add_team_member(
            request.user, organisation, patient, **form.cleaned_data
        ),
        success="They have been added to the support team",
        next_url=_team_page(patient),
        on_view=lambda: audit.record_view(request, patient, what="support: add to the team"),
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

    def save(form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return team_services.end_team_member(request.user, organisation, member, version, **data)

    return form_page(
        request,
        EndTeamMemberForm,
        template="support/team/member_end.jinja",
        context={"member": member, "patient": patient},
        form_kwargs={"initial": {"version": member.version}},
        save=save,
        success="They are no longer on the support team",
        next_url=_team_page(patient),
        on_view=lambda: audit.record_view(
            request, patient, what="support: end team membership", obj=member
        ),
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

    def save(form):
        data = dict(form.cleaned_data)
        # The agreement the user saw: if it is no longer the current one, refuse instead of
        # silently superseding someone else's.
        replaces = data.pop("replaces")
        seen = current if current and str(current.public_id) == replaces else None
        if replaces and seen is None:
            raise ValidationError(AGREEMENT_CHANGED)
        return team_services.record_agreement(
            request.user, organisation, patient, replaces=seen, **data
        )

    return form_page(
        request,
        AgreementForm,
        template="support/team/agreement_form.jinja",
        context={"patient": patient, "current": current},
        form_kwargs={
            "organisations": team_queries.involved_organisations(patient).order_by("name"),
            "initial": {"replaces": str(current.public_id) if current else ""},
        },
        save=save,
        success="The working agreement has been recorded",
        next_url=_team_page(patient),
        on_view=lambda: audit.record_view(
            request, patient, what="support: record a working agreement"
        ),
    )
