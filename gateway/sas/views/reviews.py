"""Review pages: the inputs gathered before a review (with the patient's own view), the
review decision, exception discharge and completing a discharge
(docs/domain/sas-reviews-and-discharge.md#reviews,
docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down).

Reads go through gateway.sas.queries (which reach patients through gateway.patients.queries);
writes go through gateway.sas.services. Refusals from the services (a wrong state, a role
the person does not hold here, someone else's change) are shown in the error summary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.form_pages import form_page
from gateway.core.permissions import permission_required

from .. import rules
from ..errors import ConflictError, SasError
from ..forms.reviews import (
    CompleteDischargeForm,
    ExceptionDischargeForm,
    ReviewInputForm,
)
from ..models import Review
from ..queries import (
    discharge_plan_for_episode,
    discharge_plan_for_review,
    get_visible_episode,
    get_visible_review,
    policy_in_force,
    review_input_requests,
)
from ..services import discharge as discharge_service
from ..services import reviews as review_service
from ..services.episodes import roles_on_episode
from ..states import State, available_transitions
from ..task_lists import review_tasks
from .episodes import VIEW_EPISODES

Input = review_service.Input


def keep_typed_over(form, version):
    """After someone else's change, keep what the person typed and let their next save go
    over the version they have now been told about."""
    form.data = form.data.copy()
    form.data["version"] = str(version)


def input_rows(review):
    how = review_service.HowGiven.LABELS
    rows = []
    for kind, (_, label, _) in review_service.INPUTS.items():
        text, received, by = {
            Input.PRACTICE_REPORT: (
                review.practice_report,
                review.practice_report_received_at,
                None,
            ),
            Input.PATIENT_VIEW: (
                review.patient_view,
                review.patient_view_recorded_at,
                review.patient_view_recorded_by,
            ),
            Input.SUPPORT_WORKER: (
                review.support_worker_input,
                review.support_worker_input_received_at,
                None,
            ),
        }[kind]
        rows.append(
            {
                "kind": kind,
                "label": label,
                "text": text,
                "received_at": received,
                "by": by.display_name if by else "",
                "how": how.get(review.patient_view_how, "") if kind == Input.PATIENT_VIEW else "",
            }
        )
    return rows


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def review_detail(request, public_id):
    organisation = request.current_organisation
    review = get_visible_review(request.user, organisation, public_id)
    episode = review.episode
    audit.record_view(request, episode.patient, what="SAS review")
    roles = roles_on_episode(request.user, organisation, episode)
    scheduled = review.status == Review.Status.SCHEDULED
    inputs = input_rows(review)
    can_add = {
        kind: scheduled
        and review_service.can_record_input(request.user, organisation, episode, kind)
        for kind in review_service.INPUTS
    }
    can_decide = (
        scheduled
        and bool(review_service.decision_roles(request.user, organisation, episode))
        and episode.state in {State.ALLOCATED, State.REMAINING, State.UNDER_REVIEW}
    )
    inputs_due_on = review_service.inputs_due_on(review)
    hrefs = {
        kind: reverse("sas:review-input", kwargs={"public_id": review.public_id, "kind": kind})
        for kind, allowed in can_add.items()
        if allowed
    }
    if can_decide:
        hrefs["decide"] = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    return render(
        request,
        "sas/reviews/detail.jinja",
        {
            "review": review,
            "episode": episode,
            "patient": episode.patient,
            "inputs": inputs,
            "tasks": review_tasks(
                review, inputs, review_input_requests(review), inputs_due_on, hrefs=hrefs
            ),
            "can_add": can_add,
            "can_start": scheduled
            and any(t.name == "start_review" for t in available_transitions(episode.state, roles)),
            "can_decide": can_decide,
            "took_part": dict(Review.HowTookPart.choices).get(review.patient_took_part, ""),
            "plan": discharge_plan_for_review(review),
            "inputs_due_on": inputs_due_on,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def review_input(request, public_id, kind):
    if kind not in review_service.INPUTS:
        raise Http404("There is no such review input.")
    organisation = request.current_organisation
    review = get_visible_review(request.user, organisation, public_id)
    episode = review.episode
    if not review_service.can_record_input(request.user, organisation, episode, kind):
        raise PermissionDenied
    initial = {"version": review.version}
    if kind == Input.PATIENT_VIEW and review.patient_view:
        initial.update(text=review.patient_view, how=review.patient_view_how)
    elif kind == Input.PRACTICE_REPORT:
        initial["text"] = review.practice_report
    elif kind == Input.SUPPORT_WORKER:
        initial["text"] = review.support_worker_input

    def save(form):
        try:
            review_service.record_review_input(
                request.user,
                organisation,
                review,
                kind,
                form.cleaned_data["version"],
                form.cleaned_data["text"],
                form.cleaned_data.get("how", ""),
            )
        except ConflictError:
            review.refresh_from_db()
            keep_typed_over(form, review.version)
            raise

    return form_page(
        request,
        ReviewInputForm,
        template="sas/reviews/input.jinja",
        form_kwargs={"initial": initial, "kind": kind},
        save=save,
        success="Saved to the review",
        next_url=reverse("sas:review-detail", kwargs={"public_id": review.public_id}),
        context={
            "review": review,
            "episode": episode,
            "kind": kind,
            "label": review_service.INPUTS[kind][1],
        },
        on_view=lambda: audit.record_view(request, episode.patient, what="SAS review input"),
        refusals=(SasError,),
    )


@require_http_methods(["POST"])
@permission_required(VIEW_EPISODES)
def review_start(request, public_id):
    organisation = request.current_organisation
    review = get_visible_review(request.user, organisation, public_id)
    try:
        version = int(request.POST.get("version", ""))
        review_service.start_review(request.user, organisation, review, version)
    except ValueError:
        messages.error(request, "Something went wrong with the form. Try again.")
    except SasError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The review has started")
    return redirect("sas:review-detail", public_id=review.public_id)


def explain_rule(rule):
    return rule.explanation


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def exception_discharge(request, public_id):
    organisation = request.current_organisation
    episode = get_visible_episode(request.user, organisation, public_id)
    roles = roles_on_episode(request.user, organisation, episode)
    if not roles & {"commissioner", "panel_member"}:
        raise PermissionDenied
    practices = discharge_service.gp_practices_for(episode)

    def save(form):
        try:
            discharge_service.exception_discharge(
                request.user,
                organisation,
                episode,
                form.cleaned_data["version"],
                form.cleaned_data,
            )
        except ConflictError:
            episode.refresh_from_db()
            keep_typed_over(form, episode.version)
            raise

    return form_page(
        request,
        ExceptionDischargeForm,
        template="sas/reviews/exception_discharge.jinja",
        form_kwargs={"initial": {"version": episode.version}, "practices": practices},
        save=save,
        success="The early discharge has been recorded",
        next_url=reverse("sas:episode-detail", kwargs={"public_id": episode.public_id}),
        context={
            "episode": episode,
            "discharge_rule": explain_rule(
                rules.discharge_by(
                    timezone.localdate(), policy_in_force(episode.commissioner).values()
                )
            ),
        },
        on_view=lambda: audit.record_view(request, episode.patient, what="SAS exception discharge"),
        refusals=(SasError,),
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def discharge_complete(request, public_id):
    organisation = request.current_organisation
    episode = get_visible_episode(request.user, organisation, public_id)
    roles = roles_on_episode(request.user, organisation, episode)
    if not roles & {"commissioner", "sas_practice_staff"}:
        raise PermissionDenied
    plan = discharge_plan_for_episode(episode)
    practices = discharge_service.gp_practices_for(episode)
    initial = {"version": episode.version}
    if plan is not None and plan.target_practice_id:
        initial["registered_practice"] = plan.target_practice_id

    def save(form):
        try:
            discharge_service.complete_discharge(
                request.user,
                organisation,
                episode,
                form.cleaned_data["version"],
                form.cleaned_data["registered_practice"],
                form.cleaned_data["registered_on"],
            )
        except ConflictError:
            episode.refresh_from_db()
            keep_typed_over(form, episode.version)
            raise

    return form_page(
        request,
        CompleteDischargeForm,
        template="sas/reviews/discharge_complete.jinja",
        form_kwargs={"initial": initial, "practices": practices},
        save=save,
        success="The discharge is complete",
        next_url=reverse("sas:episode-detail", kwargs={"public_id": episode.public_id}),
        context={"episode": episode, "plan": plan},
        on_view=lambda: audit.record_view(request, episode.patient, what="SAS discharge"),
        refusals=(SasError,),
    )
