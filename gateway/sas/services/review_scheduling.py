"""Scheduling reviews from the commissioner's policy
(docs/domain/sas-reviews-and-discharge.md#reviews): the first after N months on the scheme, then
every M months, and asking for the review's inputs (the SAS practice's report, the patient's own
view, a support worker's input) four weeks before it is due.
reviews.py records the inputs and the decision."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit import services as audit
from gateway.comms.routing import MissingContactDetails

from .. import rules
from ..models import Deadline, Episode, Review, StatusHistory
from ..queries import policy_in_force
from ..states import State
from .common import audit_episode
from .review_letters import letter_to_patient

Action = audit.Action
logger = logging.getLogger(__name__)

INPUTS_REQUESTED_DAYS_BEFORE = 28  # four weeks before the review
INPUTS_DUE_DAYS_BEFORE = 7  # a week for the panel to read them
# States in which a scheduled review is expected.
REVIEWABLE_STATES = frozenset({State.ALLOCATED, State.UNDER_REVIEW, State.REMAINING})


class Input:
    PRACTICE_REPORT = "practice-report"
    PATIENT_VIEW = "patient-view"
    SUPPORT_WORKER = "support-worker"


# kind -> (deadline kind, label, who may record it)
INPUTS = {
    Input.PRACTICE_REPORT: (
        "review_practice_report",
        "The SAS practice's report for the review",
        {Role.SAS_PRACTICE_STAFF: "sas", Role.COMMISSIONER: "commissioner"},
    ),
    Input.PATIENT_VIEW: (
        "review_patient_view",
        "The patient's own view for the review",
        {
            Role.SAS_PRACTICE_STAFF: "sas",
            Role.COMMISSIONER: "commissioner",
            Role.SUPPORT_WORKER: "related",
        },
    ),
    Input.SUPPORT_WORKER: (
        "review_support_worker_input",
        "The support worker's input for the review",
        {Role.SUPPORT_WORKER: "related", Role.COMMISSIONER: "commissioner"},
    ),
}


class HowGiven:
    # The patient sent it from their own page (gateway.portal); staff do not choose this.
    OWN_PAGE = "own_page"
    CHOICES = [
        ("in_person", "They told us in person"),
        ("phone", "By phone or video"),
        ("writing", "In writing (letter, email or text message)"),
        ("support_worker", "Through their support worker"),
        ("other", "Another way"),
    ]
    LABELS = {**dict(CHOICES), OWN_PAGE: "They sent it from their own page"}


def policy_for(episode, on_date=None):
    return policy_in_force(episode.commissioner, on_date)


def allocation_date(episode):
    """The day the patient was put on the scheme (the latest allocation, so a return from
    custody does not restart the clock; for an episode that began before Gateway, the day
    the commissioner's records say)."""
    allocated = (
        StatusHistory.objects.filter(
            episode=episode, transition__in=("allocate", "began_before_gateway")
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    moment = allocated or episode.state_changed_at or episode.created_at
    return timezone.localdate(moment)


def scheduled_review(episode):
    return episode.reviews.filter(status=Review.Status.SCHEDULED).order_by("due_on").first()


def schedule_review(
    episode,
    policy,
    due_on,
    is_exception=False,
    *,
    rule_deadline=None,
    actor=None,
    organisation=None,
    today=None,
):
    """A review due on due_on and its Deadline row. rule_deadline (a gateway.sas.rules
    Deadline) says which policy rule set the date, so the page can explain it; without one
    the row says the date was set by hand. Asks for the inputs at once if the review is
    already within four weeks."""
    today = today or timezone.localdate()
    if rule_deadline is not None and rule_deadline.due_on != due_on:
        raise ValueError("due_on must be the date the rule worked out")
    with transaction.atomic():
        review = Review.objects.create(episode=episode, due_on=due_on, is_exception=is_exception)
        # Allocation writes the first review's deadline before the review exists: that row
        # becomes this review's rather than a second one being added.
        adopted = Deadline.objects.filter(
            episode=episode,
            kind="review",
            due_on=due_on,
            review__isnull=True,
            cancelled_at__isnull=True,
        ).update(review=review)
        if not adopted:
            if rule_deadline is not None:
                Deadline.from_rule(episode, rule_deadline, policy, review=review).save()
            else:
                Deadline.objects.create(
                    episode=episode,
                    review=review,
                    kind="review",
                    label="Review",
                    starts_on=today,
                    due_on=due_on,
                    rule="Review date set by the commissioner",
                    explanation=f"the date set on {rules.long_date(today)}",
                    policy=policy,
                )
        audit_episode(
            Action.CREATE,
            actor,
            organisation,
            review,
            episode,
            ["due_on"],
            {"due_on": due_on.isoformat(), "is_exception": is_exception},
        )
        if due_on - datetime.timedelta(days=INPUTS_REQUESTED_DAYS_BEFORE) <= today:
            request_review_inputs(review, actor=actor, organisation=organisation, today=today)
    return review


def ensure_review_scheduled(episode, *, actor=None, organisation=None, today=None):
    """The episode's scheduled review, creating it from the policy if missing. Safe to call
    any number of times (allocation and the daily job both call it). If allocation already
    wrote the first-review deadline, the review takes that date and no second row is added.
    Returns None when the episode is not in a state that has reviews."""
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=episode.pk)
        if episode.state not in REVIEWABLE_STATES:
            return None
        existing = scheduled_review(episode)
        if existing is not None:
            return existing
        open_deadline = (
            Deadline.objects.filter(
                episode=episode,
                kind="review",
                review__isnull=True,
                met_at__isnull=True,
                cancelled_at__isnull=True,
            )
            .select_related("policy")
            .order_by("due_on")
            .first()
        )
        if open_deadline is not None:
            return schedule_review(
                episode,
                open_deadline.policy,
                open_deadline.due_on,
                actor=actor,
                organisation=organisation,
                today=today,
            )
        last = (
            episode.reviews.filter(status=Review.Status.DECIDED, held_on__isnull=False)
            .order_by("-held_on")
            .first()
        )
        if last is not None:
            policy = policy_for(episode, last.held_on)
            rule = rules.next_review_due(last.held_on, policy.values())
        else:
            start = allocation_date(episode)
            policy = policy_for(episode, start)
            rule = rules.first_review_due(start, policy.values())
        return schedule_review(
            episode,
            policy,
            rule.due_on,
            rule_deadline=rule,
            actor=actor,
            organisation=organisation,
            today=today,
        )


SCHEDULING_BATCH = 200


def schedule_missing_reviews(today=None):
    """Daily: every episode on the scheme without a scheduled review gets one, in batches of
    SCHEDULING_BATCH episodes per transaction (not one per episode). A run stopped half way
    keeps the batches it finished; the rest have no scheduled review, so the next run finds
    them (scheduling is idempotent)."""
    missing = list(
        Episode.objects.filter(state__in=REVIEWABLE_STATES)
        .exclude(reviews__status=Review.Status.SCHEDULED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    scheduled = 0
    for start in range(0, len(missing), SCHEDULING_BATCH):
        with transaction.atomic():
            for pk in missing[start : start + SCHEDULING_BATCH]:
                if ensure_review_scheduled(Episode(pk=pk), today=today) is not None:
                    scheduled += 1
    return scheduled


def inputs_due_on(review):
    return review.due_on - datetime.timedelta(days=INPUTS_DUE_DAYS_BEFORE)


def request_review_inputs(review, *, actor=None, organisation=None, today=None):
    """Ask for the three inputs (one worklist deadline each) and invite the patient. Does
    nothing the second time for the same review."""
    today = today or timezone.localdate()
    episode = review.episode
    due = max(inputs_due_on(review), today)
    kinds = [deadline_kind for deadline_kind, _, _ in INPUTS.values()]
    with transaction.atomic():
        # Marked in the same transaction as the request (ADR 0044), so the daily job never
        # reads this review again; one asked before the marker existed is marked now.
        Review.objects.filter(pk=review.pk).update(inputs_requested_on=today)
        if Deadline.objects.filter(review=review, kind__in=kinds).exists():
            return False
        policy = policy_for(episode, today)
        review_day = rules.long_date(review.due_on)
        Deadline.objects.bulk_create(
            Deadline(
                episode=episode,
                review=review,
                kind=deadline_kind,
                label=label,
                starts_on=today,
                due_on=due,
                rule="Ask for the review's reports and the patient's own view before the review",
                explanation=(
                    f"{INPUTS_DUE_DAYS_BEFORE} days before the review due on {review_day}, "
                    f"asked for {INPUTS_REQUESTED_DAYS_BEFORE // 7} weeks before"
                ),
                policy=policy,
            )
            for deadline_kind, label, _ in INPUTS.values()
        )
        audit_episode(Action.UPDATE, actor, organisation, review, episode, ["inputs_requested"])
        letter_to_patient(
            actor,
            organisation or episode.commissioner,
            episode,
            "review_invitation",
            # The date the person's view is needed by (the input deadline), not the review
            # date: the panel reads the inputs before it meets.
            {
                "review": review,
                "sas_practice": episode.sas_practice,
                "today": today,
                "view_by": due,
            },
        )
    return True


def request_due_review_inputs(today=None):
    """Daily: ask for the inputs of every scheduled review due within four weeks and not
    asked about yet. A review whose letter cannot be sent (missing contact details) is not
    marked, so the next run tries again."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=INPUTS_REQUESTED_DAYS_BEFORE)
    reviews = Review.objects.filter(
        status=Review.Status.SCHEDULED,
        inputs_requested_on__isnull=True,
        due_on__lte=horizon,
        episode__state__in=REVIEWABLE_STATES,
    ).select_related("episode__patient", "episode__sas_practice", "episode__commissioner")
    asked = 0
    for review in reviews:
        try:
            asked += request_review_inputs(review, today=today)
        except MissingContactDetails as missing:
            # Nothing was asked: tomorrow's run tries again once the commissioner has
            # completed its record (its home page says what is missing).
            logger.warning("Review %s: inputs not asked yet: %s", review.pk, missing.messages[0])
    return asked
