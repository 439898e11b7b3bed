"""Reviews of a patient's place on the scheme with the patient's own voice (DOMAIN §2.6,
seed 000: "involve the patient proactively in their own review to have their voice heard").

A review is scheduled from the commissioner's policy (first after N months, then every M).
Four weeks before it is due the inputs are asked for: the SAS practice's report, the
patient's own view (recorded by staff or their support worker) and any support worker's
input, and the patient is sent an invitation. The review records whether and how the patient
took part, and decides remain (reasons, what would change it, next review) or discharge (a
step-down plan, see discharge.py). Every write checks permission, writes, and audits in one
transaction (house rules)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.patients.queries import visible_patients

from .. import rules
from ..errors import ConflictError, NotAllowed
from ..models import Deadline, Episode, Review, StatusHistory
from ..queries import policy_in_force
from ..states import State
from .episodes import roles_on_episode, transition
from .review_letters import letter_to_patient

Action = audit.Action

INPUTS_REQUESTED_DAYS_BEFORE = 28  # four weeks before the review (issue 3 item 7)
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
    CHOICES = [
        ("in_person", "They told us in person"),
        ("phone", "By phone or video"),
        ("writing", "In writing (letter, email or text message)"),
        ("support_worker", "Through their support worker"),
        ("other", "Another way"),
    ]
    LABELS = dict(CHOICES)


def policy_for(episode, on_date=None):
    return policy_in_force(episode.commissioner, on_date)


def allocation_date(episode):
    """The day the patient was put on the scheme (the latest allocation, so a return from
    custody does not restart the clock)."""
    allocated = (
        StatusHistory.objects.filter(episode=episode, transition="allocate")
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    moment = allocated or episode.state_changed_at or episode.created_at
    return timezone.localdate(moment)


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _audit(action, actor, organisation, obj, episode, fields, detail=None):
    audit.record(
        action,
        actor=actor,
        organisation=organisation,
        obj=obj,
        patient=episode.patient_id,
        changed_fields=fields,
        detail=detail,
    )


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
                    rule="Review date set by the commissioner (DOMAIN §2.6)",
                    explanation=f"the date set on {rules.long_date(today)}",
                    policy=policy,
                )
        _audit(
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


def schedule_missing_reviews(today=None):
    """Daily: every episode on the scheme without a scheduled review gets one."""
    missing = (
        Episode.objects.filter(state__in=REVIEWABLE_STATES)
        .exclude(reviews__status=Review.Status.SCHEDULED)
        .values_list("pk", flat=True)
    )
    scheduled = 0
    for pk in list(missing):
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
                rule="Inputs before a review (DOMAIN §2.6)",
                explanation=(
                    f"{INPUTS_DUE_DAYS_BEFORE} days before the review due on {review_day}, "
                    f"asked for {INPUTS_REQUESTED_DAYS_BEFORE // 7} weeks before"
                ),
                policy=policy,
            )
            for deadline_kind, label, _ in INPUTS.values()
        )
        _audit(Action.UPDATE, actor, organisation, review, episode, ["inputs_requested"])
        letter_to_patient(
            actor,
            organisation or episode.commissioner,
            episode,
            "review_invitation",
            {"review": review, "sas_practice": episode.sas_practice, "today": today},
        )
    return True


def request_due_review_inputs(today=None):
    """Daily: ask for the inputs of every scheduled review due within four weeks."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=INPUTS_REQUESTED_DAYS_BEFORE)
    reviews = Review.objects.filter(
        status=Review.Status.SCHEDULED,
        due_on__lte=horizon,
        episode__state__in=REVIEWABLE_STATES,
    ).select_related("episode__patient", "episode__sas_practice", "episode__commissioner")
    return sum(1 for review in reviews if request_review_inputs(review, today=today))


def input_roles(actor, organisation, episode, kind):
    """The roles that let the actor record this input for this episode: SAS practice staff
    at its SAS practice, the commissioner, or a support worker whose organisation works with
    the patient (with their consent)."""
    if organisation is None:
        return set()
    held = roles_in(actor, organisation)
    allowed = set()
    for role, where in INPUTS[kind][2].items():
        if role not in held:
            continue
        if (
            (where == "sas" and organisation.pk == episode.sas_practice_id)
            or (where == "commissioner" and organisation.pk == episode.commissioner_id)
            or (
                where == "related"
                and visible_patients(actor, organisation).filter(pk=episode.patient_id).exists()
            )
        ):
            allowed.add(role)
    return allowed


def can_record_input(actor, organisation, episode, kind):
    return bool(input_roles(actor, organisation, episode, kind))


def record_review_input(actor, organisation, review, kind, expected_version, text, how=""):
    """Save one input to the review. The patient's view is their words, and how they gave
    it (in person, through their support worker...) is required with it."""
    if kind not in INPUTS:
        raise ValueError(f"There is no review input called {kind!r}")
    episode = review.episode
    if not can_record_input(actor, organisation, episode, kind):
        raise NotAllowed(
            "You cannot add this to the review from the organisation you are working for. "
            "Switch to the SAS practice, the commissioner, or the support organisation "
            "working with the patient."
        )
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = {
            Input.PRACTICE_REPORT: "Enter the practice's report",
            Input.PATIENT_VIEW: "Enter the patient's view, in their own words",
            Input.SUPPORT_WORKER: "Enter the support worker's input",
        }[kind]
    if kind == Input.PATIENT_VIEW and how not in HowGiven.LABELS:
        errors["how"] = "Choose how the patient gave their view"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.version != expected_version:
            raise ConflictError(
                "Someone else changed this review while you were working on it, so your "
                "change was not saved. Reload the page to see what changed, then try again."
            )
        if current.status != Review.Status.SCHEDULED:
            raise ValidationError(
                "This review has already been decided, so nothing more can be added to it."
            )
        if kind == Input.PRACTICE_REPORT:
            changes = {"practice_report": text, "practice_report_received_at": now}
        elif kind == Input.PATIENT_VIEW:
            changes = {
                "patient_view": text,
                "patient_view_how": how,
                "patient_view_recorded_at": now,
                "patient_view_recorded_by": _actor(actor),
            }
        else:
            changes = {"support_worker_input": text, "support_worker_input_received_at": now}
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*changes, "version", "updated_at"])
        Deadline.objects.filter(
            review=current, kind=INPUTS[kind][0], met_at__isnull=True, cancelled_at__isnull=True
        ).update(met_at=now)
        _audit(
            Action.UPDATE,
            actor,
            organisation,
            current,
            episode,
            list(changes),
            {"input": kind, "roles": sorted(input_roles(actor, organisation, episode, kind))},
        )
    for name, value in changes.items():
        setattr(review, name, value)
    review.version = current.version
    return review


def decision_roles(actor, organisation, episode):
    return roles_on_episode(actor, organisation, episode) & {
        Role.COMMISSIONER,
        Role.PANEL_MEMBER,
        Role.SAS_PRACTICE_STAFF,
    }


def start_review(actor, organisation, review, expected_version):
    """The episode goes under review (commissioner or SAS practice staff)."""
    return transition(actor, organisation, review.episode, "start_review", expected_version)


def check_took_part(data):
    """The patient's part in their own review is always recorded (seed 000)."""
    if data.get("patient_took_part") not in Review.HowTookPart.values:
        return {"patient_took_part": "Say whether the patient took part, and how"}
    return {}


def _check_decision(data, episode, policy, decision_date):
    from .discharge import check_minimum_stay, clean_plan

    errors = {}
    errors.update(check_took_part(data))
    if data.get("held_on") is None:
        errors["held_on"] = "Enter the date the review was held"
    elif data["held_on"] > timezone.localdate():
        errors["held_on"] = "The date the review was held must be today or in the past"
    decision = data.get("decision")
    if decision not in Review.Decision.values:
        errors["decision"] = "Choose whether the patient remains on the scheme or is discharged"
    if not (data.get("reasons") or "").strip():
        errors["reasons"] = "Enter the reasons for the decision"
    if decision == Review.Decision.REMAIN and not (data.get("what_would_change_it") or "").strip():
        errors["what_would_change_it"] = (
            "Say what would change the decision, so the patient knows how to leave the scheme"
        )
    if decision == Review.Decision.DISCHARGE:
        errors.update(clean_plan(data))
        if "held_on" not in errors:
            errors.update(check_minimum_stay(episode, policy, decision_date))
    if errors:
        raise ValidationError(errors)


def decide_review(actor, organisation, review, expected_version, data):
    """Record the review and its decision. expected_version is the episode's version when
    the page was read. Starts the review first if nobody has yet. Remain schedules the next
    review from the policy; discharge makes the step-down plan with its discharge-by date.
    Either way the patient gets a letter."""
    from .discharge import make_plan

    episode = review.episode
    held_on = data.get("held_on")
    policy = policy_for(episode, held_on if held_on else None)
    _check_decision(data, episode, policy, held_on)
    decision = data["decision"]
    reasons = data["reasons"].strip()
    with transaction.atomic():
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.status != Review.Status.SCHEDULED:
            raise ValidationError("This review has already been decided.")
        version = expected_version
        if episode.state in {State.ALLOCATED, State.REMAINING}:
            transition(actor, organisation, episode, "start_review", version)
            version += 1
        name = "decide_remain" if decision == Review.Decision.REMAIN else "decide_discharge"
        transition(actor, organisation, episode, name, version, reason=reasons)
        now = timezone.now()
        current.held_on = held_on
        current.patient_took_part = data["patient_took_part"]
        current.decision = decision
        current.reasons = reasons
        current.what_would_change_it = (data.get("what_would_change_it") or "").strip()
        current.decided_by = _actor(actor)
        current.decided_at = now
        current.status = Review.Status.DECIDED
        current.version += 1
        context = {"review": current, "sas_practice": episode.sas_practice}
        if decision == Review.Decision.REMAIN:
            rule = rules.next_review_due(held_on, policy.values())
            current.next_review_on = rule.due_on
            appeal = rules.appeal_deadline(
                timezone.localdate(), rules.APPEAL_AGAINST_REMAINING, policy.values()
            )
            Deadline.from_rule(episode, appeal, policy).save()
            context["appeal"] = appeal
        current.save()
        _close_review_deadlines(current, now)
        _audit(
            Action.UPDATE,
            actor,
            organisation,
            current,
            episode,
            ["held_on", "patient_took_part", "decision", "reasons", "what_would_change_it"],
            {"decision": decision, "patient_took_part": current.patient_took_part},
        )
        if decision == Review.Decision.REMAIN:
            schedule_review(
                episode,
                policy,
                rule.due_on,
                rule_deadline=rule,
                actor=actor,
                organisation=organisation,
            )
            letter_to_patient(
                actor, organisation, episode, "review_outcome_remain", {**context, "next": rule}
            )
        else:
            plan = make_plan(actor, organisation, episode, current, policy, held_on, data)
            letter_to_patient(
                actor, organisation, episode, "review_outcome_discharge", {**context, "plan": plan}
            )
    for field in ("held_on", "patient_took_part", "decision", "reasons", "status", "version"):
        setattr(review, field, getattr(current, field))
    review.next_review_on = current.next_review_on
    return current


def _close_review_deadlines(review, now):
    """The review is done: its deadline is met (and any review deadline not yet tied to a
    review, such as one written before the review was scheduled); input requests still open
    are no longer needed."""
    Deadline.objects.filter(
        Q(review=review) | Q(review__isnull=True),
        episode_id=review.episode_id,
        kind="review",
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(met_at=now)
    Deadline.objects.filter(
        review=review,
        kind__in=[deadline_kind for deadline_kind, _, _ in INPUTS.values()],
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now)
