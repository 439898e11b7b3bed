"""The review decision, in the NHS check-answers pattern: the decision form (with what the
review has heard), a page to check the answers with Change links that keep what was typed,
then a confirmation page saying what happens next and by when (the letter to the person, the
next review or the date to be discharged by). The typed answers wait in the session under a
random token (gateway.core.drafts), never in the URL."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import drafts
from gateway.core.forms import show_refusal
from gateway.core.permissions import permission_required

from .. import presenters, rules
from ..errors import ConflictError, SasError
from ..forms.reviews import ReviewDecisionForm
from ..models import Appeal, DischargePlan, Review
from ..queries import (
    get_visible_review,
    policy_in_force,
    review_input_requests,
    review_invitation_unreachable,
)
from ..services import appeals as appeal_service
from ..services import discharge as discharge_service
from ..services import reviews as review_service
from .episodes import VIEW_EPISODES
from .reviews import explain_rule, input_rows, keep_typed_over

SESSION_DRAFTS = "sas_review_decisions"


def _deciding_review(request, public_id):
    review = get_visible_review(request.user, request.current_organisation, public_id)
    if not review_service.decision_roles(
        request.user, request.current_organisation, review.episode
    ):
        raise PermissionDenied
    return review


def _decide_url(review, token=None):
    url = reverse("sas:review-decide", kwargs={"public_id": review.public_id})
    return f"{url}?draft={token}" if token else url


def _form(review, data=None, **kwargs):
    practices = discharge_service.gp_practices_for(review.episode)
    return ReviewDecisionForm(data, practices=practices, **kwargs)


def _check(request, review, form):
    """The service's checks on what was typed, shown on the form (nothing is saved). After
    someone else's change the typed answers are kept and the next save goes over the version
    the person has now been told about."""
    try:
        review_service.check_decision(
            request.user,
            request.current_organisation,
            review,
            form.cleaned_data["version"],
            form.cleaned_data,
        )
    except ConflictError as error:
        keep_typed_over(form, review.episode.version)
        show_refusal(form, error)
    except (SasError, ValidationError) as error:
        show_refusal(form, error)
    return form


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def review_decide(request, public_id):
    review = _deciding_review(request, public_id)
    episode = review.episode
    if request.method == "POST":
        form = _form(review, request.POST)
        if form.is_valid():
            form = _check(request, review, form)
            if not form.errors:
                token = drafts.remember(
                    request, SESSION_DRAFTS, review.public_id, drafts.typed(request)
                )
                return redirect("sas:review-decide-check", public_id=review.public_id, token=token)
    else:
        audit.record_view(request, episode.patient, what="SAS review decision")
        kept = drafts.recall(request, SESSION_DRAFTS, request.GET.get("draft"), review.public_id)
        if kept is not None:
            form = _form(review, kept)
            form.is_valid()
        else:
            action = request.GET.get("action")
            decision = {"decide_remain": "remain", "decide_discharge": "discharge"}.get(action)
            form = _form(review, initial={"version": episode.version, "decision": decision})
    values = policy_in_force(episode.commissioner).values()
    today = timezone.localdate()
    return render(
        request,
        "sas/reviews/decide.jinja",
        {
            "form": form,
            "review": review,
            "episode": episode,
            "heard": presenters.review_heard(
                input_rows(review),
                review_input_requests(review),
                review_invitation_unreachable(review),
                today,
            ),
            "next_review_rule": explain_rule(rules.next_review_due(today, values)),
            "discharge_rule": explain_rule(rules.discharge_by(today, values)),
        },
    )


def _answer_rows(form, change):
    """The check-answers rows: each answer as typed, with a Change link to its field."""
    data = form.cleaned_data
    fields = form.fields

    def choice(name):
        return dict(fields[name].choices).get(data[name], "")

    rows = [
        ("Did the patient take part", choice("patient_took_part"), "patient_took_part"),
        ("Date the review was held", rules.long_date(data["held_on"]), "held_on-day"),
        ("Decision", choice("decision"), "decision"),
        ("Reasons", data["reasons"], "reasons"),
    ]
    if data["decision"] == Review.Decision.REMAIN:
        rows.append(
            ("What would change the decision", data["what_would_change_it"], "what_would_change_it")
        )
    else:
        practice = data.get("target_practice")
        months = data.get("stay_in_touch_months")
        rows += [
            (
                "New practice",
                practice.name if practice else (data["target_practice_note"] or "Not chosen yet"),
                "target_practice",
            ),
            ("Medicines until registered", data["medication_cover"], "medication_cover"),
            (
                "Referrals to hand over",
                data["referrals_to_hand_over"] or "None",
                "referrals_to_hand_over",
            ),
            (
                "SAS practice stays in touch for",
                f"{months} months" if months else "No time set",
                "stay_in_touch_months",
            ),
        ]
    return [
        {
            "key": {"text": key},
            "value": {"text": value},
            "actions": {
                "items": [
                    {
                        "href": f"{change}#id_{anchor}",
                        "text": "Change",
                        "visuallyHiddenText": key.lower(),
                    }
                ]
            },
        }
        for key, value, anchor in rows
    ]


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def review_decide_check(request, public_id, token):
    review = _deciding_review(request, public_id)
    kept = drafts.recall(request, SESSION_DRAFTS, token, review.public_id)
    if kept is None:
        messages.info(request, "Your answers were not found. Enter the decision again.")
        return redirect(_decide_url(review))
    form = _form(review, kept)
    if not form.is_valid():
        return redirect(_decide_url(review, token))
    problem = None
    if request.method == "POST":
        try:
            review_service.decide_review(
                request.user,
                request.current_organisation,
                review,
                form.cleaned_data["version"],
                form.cleaned_data,
            )
        except ConflictError as error:
            review.episode.refresh_from_db()
            drafts.update(request, SESSION_DRAFTS, token, version=review.episode.version)
            problem = error.message
        except SasError as error:
            problem = error.message
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            drafts.forget(request, SESSION_DRAFTS, token)
            return redirect("sas:review-decided", public_id=review.public_id)
    else:
        audit.record_view(request, review.episode.patient, what="SAS review decision")
    change = _decide_url(review, token)
    return render(
        request,
        "sas/reviews/decide_check.jinja",
        {
            "review": review,
            "episode": review.episode,
            "decision": form.cleaned_data["decision"],
            "rows": _answer_rows(form, change),
            "change_url": change,
            "problem": problem,
            "page_has_errors": bool(problem),
        },
    )


@require_http_methods(["GET"])
@permission_required(VIEW_EPISODES)
def review_decided(request, public_id):
    """The confirmation page: the decision, and what happens next and by when."""
    review = get_visible_review(request.user, request.current_organisation, public_id)
    if review.status != Review.Status.DECIDED:
        return redirect("sas:review-detail", public_id=review.public_id)
    episode = review.episode
    audit.record_view(request, episode.patient, what="SAS review decision")
    plan = DischargePlan.objects.filter(review=review).select_related("target_practice").first()
    appeal_by = (
        appeal_service.appeal_window(episode, Appeal.Against.REMAINING)
        if review.decision == Review.Decision.REMAIN
        else None
    )
    return render(
        request,
        "sas/reviews/decided.jinja",
        {
            "review": review,
            "episode": episode,
            "patient": episode.patient,
            "plan": plan,
            "appeal_by": appeal_by,
        },
    )
