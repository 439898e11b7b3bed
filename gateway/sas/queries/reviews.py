"""Reviews: one review the organisation may see, the inputs asked for before it, and whether
the invitation to give the patient's view reached them."""

import datetime

from django.http import Http404

from gateway.comms.models import Message

from ..models import Deadline, Review
from .episodes import visible_episodes


def get_visible_review(user, organisation, public_id):
    """The review, or 404 when it does not exist or its episode is not visible."""
    review = (
        Review.objects.filter(public_id=public_id, episode__in=visible_episodes(user, organisation))
        .select_related(
            "episode__patient",
            "episode__commissioner",
            "episode__sas_practice",
            "episode__removing_practice",
            "patient_view_recorded_by",
            "decided_by",
        )
        .first()
    )
    if review is None:
        raise Http404("No review matches the given query.")
    return review


# The invitation goes four weeks before the review is due; look back a little further, for
# a review whose inputs were asked for late.
INVITATION_LOOKBACK = datetime.timedelta(days=60)


def review_input_requests(review):
    """The deadlines that asked for the review's inputs, by deadline kind (empty when the
    inputs have not been asked for yet)."""
    return {d.kind: d for d in Deadline.objects.filter(review=review).exclude(kind="review")}


def review_invitation_unreachable(review):
    """Whether the letter inviting the patient to give their view for this review reached
    no one: every route in their contact plan failed or none could be used."""
    return Message.objects.filter(
        patient_id=review.episode.patient_id,
        parent__isnull=True,
        template="sas/review_invitation",
        status=Message.Status.UNREACHABLE,
        created_at__date__gte=review.due_on - INVITATION_LOOKBACK,
    ).exists()
