"""Reviews of a patient's place on the scheme with the patient's own voice
(docs/domain/sas-reviews-and-discharge.md#reviews, Fulfilling Lives South East's SAS report:
"involve the patient proactively in their own review to have their voice heard").

A review is scheduled from the commissioner's policy (first after N months, then every M).
Four weeks before it is due the inputs are asked for: the SAS practice's report, the
patient's own view (recorded by staff or their support worker) and any support worker's
input, and the patient is sent an invitation. The review records whether and how the patient
took part, and decides remain (reasons, what would change it, next review) or discharge (a
step-down plan, see discharge.py). Every write checks permission, writes, and audits in one
transaction (house rules)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.accounts.rules import roles_in
from gateway.audit import services as audit
from gateway.core.models import save_if_unchanged
from gateway.patients.queries import visible_patients

from .. import rules
from ..errors import ConflictError, NotAllowed
from ..models import Deadline, Review
from ..queries import NoPolicyInForce
from ..states import State, check_transition
from .common import audit_episode, check_took_part, stored_actor
from .discharge import check_minimum_stay, clean_plan, make_plan
from .episodes import episode_changed_error, roles_on_episode, transition
from .review_letters import letter_to_patient
from .review_scheduling import (  # noqa: F401 - part of this module's interface
    INPUTS,
    INPUTS_DUE_DAYS_BEFORE,
    INPUTS_REQUESTED_DAYS_BEFORE,
    REVIEWABLE_STATES,
    HowGiven,
    Input,
    allocation_date,
    ensure_review_scheduled,
    inputs_due_on,
    policy_for,
    request_due_review_inputs,
    request_review_inputs,
    schedule_missing_reviews,
    schedule_review,
    scheduled_review,
)

Action = audit.Action


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
    if kind == Input.PATIENT_VIEW and how == HowGiven.OWN_PAGE:
        # Only the person's own page says this (record_own_view), never staff.
        raise ValidationError({"how": "Choose how the patient gave their view"})
    roles = sorted(input_roles(actor, organisation, episode, kind))
    return _save_input(actor, organisation, review, kind, expected_version, text, how, roles)


def record_own_view(person, review, expected_version, text):
    """The patient sends their own view for their next review from their own page (Fulfilling Lives
    South East's SAS report: their voice heard). Narrow on purpose: the actor is the person of a
    signed-in portal session (gateway.portal), only for a review of their own episode, and only the
    patient's-view input. It lands where staff record it, so the commissioner sees it on the review
    page, marked as given on their own page."""
    session = getattr(person, "session", None)
    if (
        session is None
        or session.ended_at is not None
        or session.patient_id != review.episode.patient_id
        or getattr(person, "pk", None) is not None
    ):
        raise NotAllowed("You can only send your view for your own review.")
    return _save_input(
        person, None, review, Input.PATIENT_VIEW, expected_version, text, HowGiven.OWN_PAGE, []
    )


def _save_input(actor, organisation, review, kind, expected_version, text, how, roles):
    episode = review.episode
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
            raise review_changed_error()
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
                "patient_view_recorded_by": stored_actor(actor),
            }
        else:
            changes = {"support_worker_input": text, "support_worker_input_received_at": now}
        try:
            save_if_unchanged(current, expected_version, **changes)
        except ValidationError:
            # Only reachable where select_for_update does not lock (SQLite).
            raise review_changed_error() from None
        Deadline.objects.filter(
            review=current, kind=INPUTS[kind][0], met_at__isnull=True, cancelled_at__isnull=True
        ).update(met_at=now)
        audit_episode(
            Action.UPDATE,
            actor,
            organisation,
            current,
            episode,
            list(changes),
            {"input": kind, "roles": roles},
        )
    for name, value in changes.items():
        setattr(review, name, value)
    review.version = current.version
    return review


def review_changed_error():
    return ConflictError(
        "Someone else changed this review while you were working on it, so your "
        "change was not saved. Reload the page to see what changed, then try again."
    )


def decision_roles(actor, organisation, episode):
    return roles_on_episode(actor, organisation, episode) & {
        Role.COMMISSIONER,
        Role.PANEL_MEMBER,
        Role.SAS_PRACTICE_STAFF,
    }


def start_review(actor, organisation, review, expected_version):
    """The episode goes under review (commissioner or SAS practice staff)."""
    return transition(actor, organisation, review.episode, "start_review", expected_version)


def _policy_on(episode, held_on):
    """The policy in force when the review was held. A date with no policy in force (long
    before the scheme began: a typing mistake) is the date's error, not a crash."""
    try:
        return policy_for(episode, held_on if held_on else None)
    except NoPolicyInForce as missing:
        raise ValidationError({"held_on": missing.message}) from None


def _check_decision(data, episode, policy, decision_date):
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


def check_decision(actor, organisation, review, expected_version, data):
    """The decision's checks without saving anything (the check-answers page runs them before
    it shows the answers): nobody changed the episode since the page was read, the answers,
    and that the episode can be decided now (not in custody or already ended). decide_review
    runs them again on the locked rows."""
    episode = review.episode
    if episode.version != expected_version:
        raise episode_changed_error()
    held_on = data.get("held_on")
    policy = _policy_on(episode, held_on)
    _check_decision(data, episode, policy, held_on)
    if review.status != Review.Status.SCHEDULED:
        raise ValidationError("This review has already been decided.")
    roles = roles_on_episode(actor, organisation, episode)
    if episode.state in {State.ALLOCATED, State.REMAINING}:
        check_transition(episode.state, "start_review", roles)
    else:
        name = "decide_remain" if data["decision"] == Review.Decision.REMAIN else "decide_discharge"
        check_transition(episode.state, name, roles)


def decide_review(actor, organisation, review, expected_version, data):
    """Record the review and its decision. expected_version is the episode's version when
    the page was read. Starts the review first if nobody has yet. Remain schedules the next
    review from the policy; discharge makes the step-down plan with its discharge-by date.
    Either way the patient gets a letter."""
    episode = review.episode
    held_on = data.get("held_on")
    policy = _policy_on(episode, held_on)
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
        current.decided_by = stored_actor(actor)
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
        audit_episode(
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
