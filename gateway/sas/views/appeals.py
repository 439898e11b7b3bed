"""Recording an appeal and each step to the panel's decision (docs/domain/sas-appeals.md#appeals).
Reads through gateway.sas.queries, writes through gateway.sas.services; refusals from the services
are shown in the error summary, never as a 500."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.forms import show_refusal
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import presenters, queries, services
from ..errors import SasError
from ..forms.appeals import AppealForm, PanelForm, StepDateForm, WithdrawForm
from ..models import Appeal
from ..queries import get_visible_appeal
from ..rules import long_date, out_of_order_explanation, steps_missing_before_decision
from ..services import appeals as appeal_service
from ..task_lists import appeal_tasks
from .episodes import VIEW_EPISODES


def episode_url(episode):
    # The episode page belongs to another part of the scheme's pages.
    try:
        return reverse("sas:episode-detail", kwargs={"public_id": episode.public_id})
    except NoReverseMatch:
        return None


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def appeal_list(request, public_id):
    """The appeals on one episode, newest first (the episode page links here rather than
    adding a query of its own)."""
    organisation = request.current_organisation
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    page = page_of(request, queries.appeals_on(episode))
    roles = services.roles_on_episode(request.user, organisation, episode)
    return render(
        request,
        "sas/appeals/list.jinja",
        {
            "episode": episode,
            "patient": episode.patient,
            "page": page,
            "episode_url": episode_url(episode),
            "can_lodge": presenters.can_record_appeal(
                episode,
                bool(roles & appeal_service.LODGE_ROLES),
                queries.episode_deadlines(episode),
                queries.open_appeal_and_review(episode)[0],
            ),
        },
    )


def _window_hints(episode):
    hints = {}
    for against in Appeal.Against.values:
        try:
            window = appeal_service.appeal_window(episode, against)
        except ValidationError:
            window = None
        if window is not None:
            hints[against] = window.describe()
    return hints


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def appeal_new(request, public_id):
    organisation = request.current_organisation
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    # Like the review pages: no form for an action the person's role can never take here.
    if not services.roles_on_episode(request.user, organisation, episode) & (
        appeal_service.LODGE_ROLES
    ):
        raise PermissionDenied
    return form_page(
        request,
        AppealForm,
        template="sas/appeals/new.jinja",
        save=lambda form: services.lodge_appeal(
            request.user, organisation, episode, form.cleaned_data
        ),
        success="The appeal has been recorded",
        next_url=lambda appeal: reverse(
            "sas:appeal-detail", kwargs={"public_id": appeal.public_id}
        ),
        context={
            "episode": episode,
            "patient": episode.patient,
            "episode_url": episode_url(episode),
            "windows": _window_hints(episode),
        },
        refusals=(SasError,),
    )


# action -> (form class, form options, service function)
STEPS = {
    "acknowledge": (
        StepDateForm,
        {"label": "Date the acknowledgement and appeal form were sent"},
        services.record_acknowledgement,
    ),
    "patient_form": (
        StepDateForm,
        {"label": "Date the patient's appeal form came back"},
        services.record_patient_form,
    ),
    "practice_form": (
        StepDateForm,
        {"label": "Date the practice's incident form came back"},
        services.record_practice_form,
    ),
    "panel": (PanelForm, {}, services.schedule_panel),
    "papers": (
        StepDateForm,
        {"label": "Date the papers were sent to the panel"},
        services.record_papers_sent,
    ),
    "withdraw": (WithdrawForm, {}, services.withdraw_appeal),
}


def _step_forms(appeal, bound_action=None, data=None):
    forms = {}
    for action, (form_class, options, _) in STEPS.items():
        bound = action == bound_action
        forms[action] = form_class(
            data if bound else None,
            prefix=action,
            initial={"version": appeal.version},
            **options,
        )
    return forms


def _run_step(request, appeal, action, form):
    _, _, function = STEPS[action]
    data = form.cleaned_data
    args = (request.user, request.current_organisation, appeal, data["version"])
    if action == "panel":
        return function(*args, data["panel_on"], data["reason"])
    if action == "withdraw":
        return function(*args, data["reason"])
    return function(*args, data["on"])


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def appeal_detail(request, public_id):
    organisation = request.current_organisation
    appeal = get_visible_appeal(request.user, organisation, public_id)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in STEPS:
        action = None
    forms = _step_forms(appeal, action, request.POST if action else None)
    if action is not None:
        form = forms[action]
        if form.is_valid():
            try:
                _run_step(request, appeal, action, form)
            except (SasError, ValidationError) as error:
                show_refusal(form, error)
            else:
                messages.success(request, "The appeal has been updated")
                return redirect("sas:appeal-detail", public_id=appeal.public_id)
    else:
        audit.record_view(request, appeal.episode.patient, what="SAS appeal")
    return render(
        request,
        "sas/appeals/detail.jinja",
        _detail_context(request, appeal, forms, action),
    )


def _detail_context(request, appeal, forms, action):
    episode = appeal.episode
    roles = services.roles_on_episode(request.user, request.current_organisation, episode)
    can_manage = appeal.is_open and bool(roles & appeal_service.MANAGE_ROLES)
    deadlines = list(services.appeal_deadlines(appeal))
    failed = forms[action] if action else None
    can_decide = appeal.is_open and bool(roles & appeal_service.DECIDE_ROLES)
    hrefs = {}
    if can_manage:
        hrefs = {step: f"#step-{step}" for step in ("acknowledge", "forms", "panel", "papers")}
    if can_decide:
        hrefs["decide"] = reverse("sas:appeal-decide", kwargs={"public_id": appeal.public_id})
    missing = steps_missing_before_decision(appeal.acknowledged_on, appeal.panel_on)
    return {
        "appeal": appeal,
        "episode": episode,
        "patient": episode.patient,
        "episode_url": episode_url(episode),
        "deadlines": deadlines,
        "forms": forms,
        "failed_form": failed,
        "can_manage": can_manage,
        "can_decide": can_decide,
        "tasks": appeal_tasks(appeal, deadlines, hrefs=hrefs),
        "out_of_order": out_of_order_explanation(missing),
        "both_forms": bool(appeal.patient_form_received_on and appeal.practice_form_received_on),
        "long_date": long_date,
        "page_has_errors": bool(failed is not None and failed.errors),
    }
