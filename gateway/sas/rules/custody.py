"""Custody and the scheme's clock (docs/domain/sas-other-changes.md#custody;
docs/adr/0019-custody-pauses-the-schemes-clock.md), as pure rules: plain values in, plain values
out.

A patient on the scheme who goes to prison returns to the scheme on release, to the point they
had reached. While they are in custody the scheme's own work on them waits: the review and the
inputs asked for it, and the discharge-by date of a step-down plan. Those deadlines are paused
(on no worklist, never overdue) and on release they move on by the days spent in custody, so
the person keeps the time they had left. Appeal deadlines keep running: an appeal is the
person's right and never pauses (docs/domain/sas-appeals.md#appeals)."""

import datetime

from ..states import (
    ACTIVE_STATES,
    OPEN_STATES,
    TERMINAL_STATES,
    State,
)

# Deadline kinds (stable codes, gateway.sas.rules.deadlines and the services) that pause.
PAUSED_IN_CUSTODY_PREFIXES = ("review", "discharge")
APPEAL_KINDS = frozenset(
    {
        "appeal_against_placement",
        "appeal_against_remaining",
        "appeal_acknowledgement",
        "patient_appeal_form",
        "practice_incident_form",
        "appeal_panel",
        "panel_papers",
    }
)
# States in which a review (and the inputs asked for it) is due.
REVIEW_STATES = frozenset({State.ALLOCATED, State.UNDER_REVIEW, State.REMAINING})


def pauses_in_custody(kind):
    """Whether a deadline of this kind waits while the patient is in custody."""
    return kind.startswith(PAUSED_IN_CUSTODY_PREFIXES)


def days_in_custody(started_on, released_on):
    """Calendar days from the day custody was recorded to the day of release (the same day: 0)."""
    return max(0, (released_on - started_on).days)


def moved_on(due_on, days):
    """A paused date moved on by the days spent in custody."""
    return due_on + datetime.timedelta(days=days)


def moved_explanation(explanation, days, limit=300):
    """The deadline's explanation with the move added, within the column's length."""
    if days == 0:
        return explanation
    added = f"; moved on {days} day{'' if days == 1 else 's'} for time in custody"
    return explanation[: limit - len(added)] + added


def deadline_belongs(kind, state, paused):
    """Whether an open deadline of this kind may stand on an episode in this state: the
    invariant every change keeps. Paused deadlines exist only in custody; review deadlines
    only while reviews are due; the discharge-by date only while a discharge is planned;
    appeal deadlines only while the patient is on the scheme; nothing on a closed episode."""
    if state in TERMINAL_STATES:
        return False
    if paused:
        return state == State.ON_HOLD_CUSTODY and pauses_in_custody(kind)
    if kind.startswith("review"):
        return state in REVIEW_STATES
    if kind == "discharge":
        return state == State.DISCHARGE_PLANNED
    if kind in APPEAL_KINDS:
        return state in ACTIVE_STATES
    return state in OPEN_STATES
