"""The panel's decision on an appeal, in the NHS check-answers pattern: the decision form,
a page to check the answers (each with a Change link that keeps what was typed), then a
confirmation page saying what happens next. The typed answers wait in the session under a
random token (gateway.core.drafts), never in the URL. The panel order rule (the appeal
acknowledged and the panel arranged first, or a reason to go out of order) is checked on the
form page, so the person fixes it where they typed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import drafts
from gateway.core.forms import show_refusal
from gateway.core.permissions import permission_required

from .. import queries, rules, services
from ..errors import ConflictError, SasError
from ..forms.appeals import DecisionForm
from ..models import Appeal
from ..queries import get_visible_appeal
from ..services import appeals as appeal_service
from .appeals import episode_url
from .episodes import VIEW_EPISODES

SESSION_DRAFTS = "sas_appeal_decisions"


def _deciding_appeal(request, public_id):
    appeal = get_visible_appeal(request.user, request.current_organisation, public_id)
    roles = services.roles_on_episode(request.user, request.current_organisation, appeal.episode)
    if not roles & appeal_service.DECIDE_ROLES:
        raise PermissionDenied
    return appeal


def _out_of_order(appeal):
    missing = rules.steps_missing_before_decision(appeal.acknowledged_on, appeal.panel_on)
    return rules.out_of_order_explanation(missing)


def _check(form, appeal):
    """The service's checks on what was typed, shown on the form (nothing is saved)."""
    data = form.cleaned_data
    try:
        services.check_appeal_decision(
            appeal, data["outcome"], data["reasons"], data["out_of_order_reason"]
        )
    except ValidationError as error:
        show_refusal(form, error)
        return False
    return True


def _decide_url(appeal, token=None):
    url = reverse("sas:appeal-decide", kwargs={"public_id": appeal.public_id})
    return f"{url}?draft={token}" if token else url


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def appeal_decide(request, public_id):
    appeal = _deciding_appeal(request, public_id)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid() and _check(form, appeal):
            token = drafts.remember(
                request, SESSION_DRAFTS, appeal.public_id, drafts.typed(request)
            )
            return redirect("sas:appeal-decide-check", public_id=appeal.public_id, token=token)
    else:
        kept = drafts.recall(request, SESSION_DRAFTS, request.GET.get("draft"), appeal.public_id)
        form = DecisionForm(kept) if kept else DecisionForm(initial={"version": appeal.version})
        if kept:
            form.is_valid()
    return render(
        request,
        "sas/appeals/decide.jinja",
        {
            "form": form,
            "appeal": appeal,
            "episode": appeal.episode,
            "patient": appeal.episode.patient,
            "out_of_order": _out_of_order(appeal),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def appeal_decide_check(request, public_id, token):
    appeal = _deciding_appeal(request, public_id)
    kept = drafts.recall(request, SESSION_DRAFTS, token, appeal.public_id)
    if kept is None:
        messages.info(request, "Your answers were not found. Enter the decision again.")
        return redirect(_decide_url(appeal))
    form = DecisionForm(kept)
    if not form.is_valid():
        return redirect(_decide_url(appeal, token))
    data = form.cleaned_data
    problem = None
    if request.method == "POST":
        try:
            services.decide_appeal(
                request.user,
                request.current_organisation,
                appeal,
                data["version"],
                data["outcome"],
                data["reasons"],
                data["decided_on"],
                data["out_of_order_reason"],
            )
        except ConflictError as error:
            # Keep the answers; the next confirm goes over the version they now know of.
            current = Appeal.objects.get(pk=appeal.pk)
            drafts.update(request, SESSION_DRAFTS, token, version=current.version)
            problem = error.message
        except SasError as error:
            problem = error.message
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            drafts.forget(request, SESSION_DRAFTS, token)
            return redirect("sas:appeal-decided", public_id=appeal.public_id)
    else:
        audit.record_view(request, appeal.episode.patient, what="SAS appeal decision")
    change = _decide_url(appeal, token)
    outcome = dict(form.fields["outcome"].choices).get(data["outcome"], "")
    rows = [
        ("What the panel decided", outcome, "id_outcome"),
        ("The panel's reasons", data["reasons"], "id_reasons"),
        ("Date of the decision", rules.long_date(data["decided_on"]), "id_decided_on-day"),
    ]
    out_of_order = _out_of_order(appeal)
    if out_of_order:
        rows.append(
            (
                "Why the panel decides before the earlier steps",
                data["out_of_order_reason"],
                "id_out_of_order_reason",
            )
        )
    return render(
        request,
        "sas/appeals/decide_check.jinja",
        {
            "appeal": appeal,
            "patient": appeal.episode.patient,
            "outcome": data["outcome"],
            "rows": [
                {
                    "key": {"text": key},
                    "value": {"text": value},
                    "actions": {
                        "items": [
                            {
                                "href": f"{change}#{anchor}",
                                "text": "Change",
                                "visuallyHiddenText": key.lower(),
                            }
                        ]
                    },
                }
                for key, value, anchor in rows
            ],
            "change_url": change,
            "problem": problem,
            "page_has_errors": bool(problem),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def appeal_decided(request, public_id):
    """The confirmation page: the decision, and what happens next and by when."""
    organisation = request.current_organisation
    appeal = get_visible_appeal(request.user, organisation, public_id)
    if appeal.status not in (Appeal.Status.UPHELD, Appeal.Status.DISMISSED):
        return redirect("sas:appeal-detail", public_id=appeal.public_id)
    audit.record_view(request, appeal.episode.patient, what="SAS appeal decision")
    episode = appeal.episode
    roles = services.roles_on_episode(request.user, organisation, episode)
    return render(
        request,
        "sas/appeals/decided.jinja",
        {
            "appeal": appeal,
            "episode": episode,
            "patient": episode.patient,
            "next_review_on": queries.next_review_due_on(episode),
            "episode_url": episode_url(episode),
            "has_panel_queue": queries.has_panel_queue(organisation, roles),
        },
    )
