"""Custody pauses the scheme's clock (docs/domain/sas-other-changes.md#custody; docs/adr/0019).
Called by the transition path (episodes._move) inside its transaction, so every way into or out of
custody does the same: the state table's ``enter_custody`` and ``release_from_custody``, and any
change that ends an episode while the patient is in custody.

- Going into custody records a CustodyPeriod with the state it interrupted, and pauses the
  open review, review-input and discharge-by deadlines (rules.pauses_in_custody).
- Release returns the episode to that state, moves the paused deadlines, the scheduled
  review's date and the step-down plan's discharge-by date on by the days in custody, and
  un-pauses them.
- An episode that ends while in custody closes the period; the transition cancels what was
  due, paused or not."""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from .. import rules
from ..models import CustodyPeriod, Deadline, DischargePlan, Review
from ..states import ON_SCHEME, State


def _paused_kinds():
    q = Q(pk__in=[])
    for prefix in rules.custody.PAUSED_IN_CUSTODY_PREFIXES:
        q |= Q(kind__startswith=prefix)
    return q


def open_period(episode):
    return (
        CustodyPeriod.objects.select_for_update()
        .filter(episode=episode, ended_at__isnull=True)
        .first()
    )


def state_before(episode):
    """The state custody interrupted ("" if it was never recorded): where release returns."""
    period = open_period(episode)
    return period.state_before if period else ""


def start(episode, state_before, now):
    """The patient went into custody: record when and from which state, pause what waits."""
    period = CustodyPeriod.objects.create(
        episode=episode,
        state_before=state_before,
        started_at=now,
        started_on=timezone.localdate(now),
    )
    paused = Deadline.objects.filter(
        _paused_kinds(),
        episode=episode,
        met_at__isnull=True,
        cancelled_at__isnull=True,
        suspended_at__isnull=True,
    ).update(suspended_at=now)
    return {"custody_started_on": period.started_on.isoformat(), "deadlines_paused": paused}


def release(episode, now):
    """The patient was released: move what was paused on by the days in custody."""
    period = open_period(episode)
    if period is None:
        return {}
    released_on = timezone.localdate(now)
    days = rules.days_in_custody(period.started_on, released_on)
    step = datetime.timedelta(days=days)
    moved = []
    for deadline in Deadline.objects.select_for_update().filter(
        episode=episode,
        suspended_at__isnull=False,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ):
        old = deadline.due_on
        deadline.due_on = rules.moved_on(old, days)
        if deadline.due_at is not None:
            deadline.due_at += step
        deadline.explanation = rules.moved_explanation(deadline.explanation, days)
        deadline.suspended_at = None
        deadline.save(
            update_fields=["due_on", "due_at", "explanation", "suspended_at", "updated_at"]
        )
        moved.append({"kind": deadline.kind, "from": old.isoformat(), "to": str(deadline.due_on)})
    if days:
        for review in Review.objects.filter(episode=episode, status=Review.Status.SCHEDULED):
            Review.objects.filter(pk=review.pk).update(
                due_on=rules.moved_on(review.due_on, days),
                version=F("version") + 1,
                updated_at=now,
            )
        for plan in DischargePlan.objects.filter(episode=episode, completed_at__isnull=True):
            plan.discharge_by = rules.moved_on(plan.discharge_by, days)
            plan.save(update_fields=["discharge_by", "updated_at"])
    _close(period, now, released=True, days=days)
    return {
        "custody_started_on": period.started_on.isoformat(),
        "days_in_custody": days,
        "returned_to": period.state_before,
        "deadlines_moved": moved,
    }


def end_without_release(episode, now):
    """The episode ended while the patient was in custody (death, a move, a mistake)."""
    period = open_period(episode)
    if period is not None:
        _close(period, now, released=False, days=0)
    return {}


def _close(period, now, *, released, days):
    period.ended_at = now
    period.ended_on = timezone.localdate(now)
    period.released = released
    period.days_moved = days
    period.save(update_fields=["ended_at", "ended_on", "released", "days_moved", "updated_at"])


def on_move(episode, from_state, to_state, now):
    """The custody side of a change of state (episodes._move); returns audit detail."""
    if to_state == State.ON_HOLD_CUSTODY:
        return start(episode, from_state, now)
    if from_state != State.ON_HOLD_CUSTODY:
        return {}
    if to_state in ON_SCHEME:
        return release(episode, now)
    return end_without_release(episode, now)
