"""/api/v1/sas/reviews: record a review decision through the same services
and permissions as the pages. A commissioner's (or SAS practice's) system account decides;
the answer says what happens next and why, from the scheme's policy."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from gateway.accounts.models import Organisation
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.queries import deadlines_a_decision_set, get_visible_review
from gateway.sas.services import reviews as review_service

from .schemas import Errors, In

router = Router(tags=["sas reviews"])


class ReviewDecisionIn(In):
    episode_version: int
    patient_took_part: str
    held_on: datetime.date
    decision: str
    reasons: str = ""
    what_would_change_it: str = ""
    target_practice: uuid.UUID | None = None
    target_practice_note: str = ""
    medication_cover: str = ""
    referrals_to_hand_over: str = ""
    stay_in_touch_months: int | None = None


class ReviewDeadlineOut(Schema):
    label: str
    due_on: datetime.date
    explanation: str
    rule: str
    policy_version: int
    describe: str


class ReviewDecisionOut(Schema):
    review: uuid.UUID
    episode: uuid.UUID
    episode_state: str
    episode_version: int
    decision: str
    next_review: ReviewDeadlineOut | None = None
    discharge_by: ReviewDeadlineOut | None = None


def _deadline(row):
    if row is None:
        return None
    return {
        "label": row.label,
        "due_on": row.due_on,
        "explanation": row.explanation,
        "rule": row.rule,
        "policy_version": row.policy.version,
        "describe": row.describe(),
    }


def _target_practice(public_id):
    if public_id is None:
        return None
    practice = Organisation.objects.filter(
        public_id=public_id, kind=Organisation.Kind.GP_PRACTICE, is_active=True
    ).first()
    if practice is None:
        raise ValidationError({"target_practice": "No active GP practice has that public_id"})
    return practice


@router.post(
    "/{uuid:public_id}/decision",
    response={200: ReviewDecisionOut, 403: Errors, 404: Errors, 409: Errors, 422: Errors},
    summary="Record a review decision",
)
def record_decision(request, public_id: uuid.UUID, payload: ReviewDecisionIn):
    """Record whether the patient took part and how, and the decision: remain (reasons and
    what would change it; the next review is scheduled from the policy) or discharge (the
    step-down plan; discharge-by from the policy). episode_version is the episode's version
    you read: if it changed since, nothing is saved and you get 409."""
    review = get_visible_review(request.user, request.current_organisation, public_id)
    episode = review.episode
    try:
        data = payload.dict(exclude={"episode_version"})
        data["target_practice"] = _target_practice(payload.target_practice)
        decided = review_service.decide_review(
            request.user,
            request.current_organisation,
            review,
            payload.episode_version,
            data,
        )
    except NotAllowed as error:
        return Status(403, {"detail": error.message})
    except (IllegalTransition, ConflictError) as error:
        return Status(409, {"detail": error.message})
    except ValidationError as error:
        errors = (
            {k: [str(m) for m in v] for k, v in error.message_dict.items()}
            if hasattr(error, "error_dict")
            else {"body": error.messages}
        )
        return Status(422, {"detail": "Check the details sent", "errors": errors})
    next_review, discharge_by = deadlines_a_decision_set(episode, decided)
    return Status(
        200,
        {
            "review": decided.public_id,
            "episode": episode.public_id,
            "episode_state": episode.state,
            "episode_version": episode.version,
            "decision": decided.decision,
            "next_review": _deadline(next_review),
            "discharge_by": _deadline(discharge_by),
        },
    )
