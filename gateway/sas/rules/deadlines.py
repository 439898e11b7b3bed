"""The Special Allocation Scheme's date rules, as pure functions: plain values in, plain values
out, no database. Every deadline says which rule made it, in plain English, and which policy
version it came from, so a page can show "Appeal by 21 March 2026 — 28 days from the
allocation letter" and anyone can check it
(docs/domain/special-allocation-scheme.md#the-special-allocation-scheme).

Counting conventions (stated once, used everywhere):
- "N days from X" means X is day 0 and the deadline is X + N calendar days, unless the rule
  says the start day counts as day 1 (written confirmation,
  docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect).
- "N working days from X" counts the days after X that are neither a weekend nor an England
  bank holiday; the deadline is the Nth such day.
- "N months from X" lands on the same day of the month, clamped to the month's last day
  (31 January + 1 month = 28 or 29 February).
"""

import datetime
from dataclasses import dataclass

from .days import (
    add_days,
    add_months,
    add_working_days,
    local_date,
    long_date,
    previous_working_day,
)


@dataclass(frozen=True)
class Deadline:
    kind: str  # what is due, a stable code ("appeal", "panel", ...)
    label: str  # what is due, in words ("Appeal")
    starts_on: datetime.date
    due_on: datetime.date
    rule: str  # the rule in plain words (where it comes from: rule_source)
    explanation: str  # how the date was worked out, in plain English
    policy_version: int
    due_at: datetime.datetime | None = None  # for targets measured in hours

    def describe(self):
        """ "Appeal by 21 March 2026 — 28 days from the allocation letter"."""
        return f"{self.label} by {long_date(self.due_on)} — {self.explanation}"


def _count(n, unit):
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


# National (GMS Contracts Regulations 2015 Sch 3 para 25; PMS para 24), not a scheme's
# choice: a removal notice not given in writing is confirmed in writing within 7 days.
WRITTEN_CONFIRMATION_DAYS = 7


def written_confirmation_due(notice_date, policy):
    """docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect: notice
    not given in writing must be confirmed in writing within 7 days;
    the day of notice counts as day 1, so 7 days from a Monday ends on the Sunday. The 7 is
    national (a constant); the policy only names the version in force when it was set."""
    notice_date = local_date(notice_date)
    n = WRITTEN_CONFIRMATION_DAYS
    return Deadline(
        kind="written_confirmation",
        label="Written confirmation of the removal",
        starts_on=notice_date,
        due_on=add_days(notice_date, n - 1),
        rule="A removal notice not given in writing is confirmed in writing",
        explanation=f"{_count(n, 'day')} counting the day notice was given as day 1",
        policy_version=policy.version,
    )


def allocation_target(notice_at, policy):
    """Allocate within 24 hours of notice (PCSE's processing target)."""
    hours = policy.allocation_target_hours
    due_at = notice_at + datetime.timedelta(hours=hours)
    return Deadline(
        kind="allocation",
        label="Allocation to an SAS practice",
        starts_on=local_date(notice_at),
        due_on=local_date(due_at),
        due_at=due_at,
        rule="Allocate the patient to an SAS practice soon after the removal notice",
        explanation=f"{_count(hours, 'hour')} from the removal notice",
        policy_version=policy.version,
    )


APPEAL_AGAINST_PLACEMENT = "placement"
APPEAL_AGAINST_REMAINING = "remaining"
_APPEAL_AGAINST_WORDS = {
    APPEAL_AGAINST_PLACEMENT: "being placed on the scheme",
    APPEAL_AGAINST_REMAINING: "staying on the scheme after a review",
}
_APPEAL_START = {
    APPEAL_AGAINST_PLACEMENT: "the allocation letter",
    APPEAL_AGAINST_REMAINING: "the review outcome letter",
}


def appeal_deadline(letter_date, against, policy):
    """docs/domain/sas-appeals.md#appeals: appeal within 28 days nationally; some schemes give a
    shorter window against being placed than against remaining."""
    if against == APPEAL_AGAINST_PLACEMENT:
        n = policy.appeal_days_against_placement
    elif against == APPEAL_AGAINST_REMAINING:
        n = policy.appeal_days_against_remaining
    else:
        raise ValueError(f"An appeal is against {' or '.join(_APPEAL_START)}, not {against!r}")
    return Deadline(
        kind=f"appeal_against_{against}",
        label="Appeal",
        starts_on=letter_date,
        due_on=add_days(letter_date, n),
        rule=f"The patient may appeal against {_APPEAL_AGAINST_WORDS[against]}",
        explanation=f"{_count(n, 'day')} from {_APPEAL_START[against]}",
        policy_version=policy.version,
    )


def acknowledgement_due(appeal_received, policy):
    """docs/domain/sas-appeals.md#appeals: acknowledge the appeal and send the appeal form within 7
    working days."""
    n = policy.acknowledgement_working_days
    return Deadline(
        kind="appeal_acknowledgement",
        label="Acknowledge the appeal and send the appeal form",
        starts_on=appeal_received,
        due_on=add_working_days(appeal_received, n),
        rule="Acknowledge an appeal and send the appeal form",
        explanation=(
            f"{_count(n, 'working day')} from receiving the appeal, not counting weekends "
            "or bank holidays"
        ),
        policy_version=policy.version,
    )


def patient_form_due(form_sent, policy):
    """docs/domain/sas-appeals.md#appeals: the patient returns the appeal form within 14 days of it
    being sent."""
    n = policy.patient_form_return_days
    return Deadline(
        kind="patient_appeal_form",
        label="Patient's appeal form back",
        starts_on=form_sent,
        due_on=add_days(form_sent, n),
        rule="The patient returns the appeal form",
        explanation=f"{_count(n, 'day')} from sending the appeal form",
        policy_version=policy.version,
    )


def practice_form_due(request_sent, policy):
    """docs/domain/sas-appeals.md#appeals: the removing practice returns its incident form (7 or 14
    days)."""
    n = policy.practice_incident_form_days
    return Deadline(
        kind="practice_incident_form",
        label="Removing practice's incident form back",
        starts_on=request_sent,
        due_on=add_days(request_sent, n),
        rule="The removing practice returns its incident form",
        explanation=f"{_count(n, 'day')} from asking the removing practice for it",
        policy_version=policy.version,
    )


def panel_due(both_forms_received, policy):
    """docs/domain/sas-appeals.md#appeals: the appeal panel meets within 28 days of receiving both
    forms."""
    n = policy.panel_within_days_of_forms
    return Deadline(
        kind="appeal_panel",
        label="Appeal panel meeting",
        starts_on=both_forms_received,
        due_on=add_days(both_forms_received, n),
        rule="The appeal panel meets once both forms are in",
        explanation=f"{_count(n, 'day')} from receiving both appeal forms",
        policy_version=policy.version,
    )


def papers_due(panel_date, policy):
    """docs/domain/sas-appeals.md#appeals: papers reach the panel at least 5 days before it meets.
    Counts back from the panel; a weekend or bank holiday moves it to the working day before, which
    still meets "at least"."""
    n = policy.papers_before_panel_days
    due = previous_working_day(add_days(panel_date, -n))
    explanation = f"at least {_count(n, 'day')} before the panel on {long_date(panel_date)}"
    if due != add_days(panel_date, -n):
        explanation += ", moved earlier to a working day"
    return Deadline(
        kind="panel_papers",
        label="Send the papers to the panel",
        starts_on=panel_date,
        due_on=due,
        rule="Papers reach the panel before it meets",
        explanation=explanation,
        policy_version=policy.version,
    )


def first_review_due(allocation_date, policy):
    """docs/domain/sas-reviews-and-discharge.md#reviews: first review N months after allocation (12
    by default)."""
    n = policy.first_review_after_months
    return Deadline(
        kind="review",
        label="Review",
        starts_on=allocation_date,
        due_on=add_months(allocation_date, n),
        rule="First review of the patient's place on the scheme",
        explanation=f"{_count(n, 'month')} from allocation to the scheme",
        policy_version=policy.version,
    )


def next_review_due(review_date, policy):
    """docs/domain/sas-reviews-and-discharge.md#reviews: then a review every M months (at least
    annually nationally)."""
    n = policy.review_every_months
    return Deadline(
        kind="review",
        label="Review",
        starts_on=review_date,
        due_on=add_months(review_date, n),
        rule="Regular review of the patient's place on the scheme",
        explanation=f"{_count(n, 'month')} from the last review",
        policy_version=policy.version,
    )


def earliest_discharge(allocation_date, policy):
    """docs/domain/sas-reviews-and-discharge.md#reviews: a scheme may set a minimum stay; None when
    it does not."""
    n = policy.minimum_stay_months
    if n is None:
        return None
    return Deadline(
        kind="minimum_stay",
        label="End of the minimum stay",
        starts_on=allocation_date,
        due_on=add_months(allocation_date, n),
        rule="Minimum stay on the scheme",
        explanation=f"{_count(n, 'month')} from allocation to the scheme",
        policy_version=policy.version,
    )


def discharge_by(decision_date, policy):
    """docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down: after a decision to
    discharge, discharge completes within 3 months."""
    n = policy.discharge_completion_months
    explanation = f"{_count(n, 'month')} from the decision to discharge"
    if policy.automatic_discharge_when_not_registered:
        explanation += "; discharged automatically then if not yet registered elsewhere"
    return Deadline(
        kind="discharge",
        label="Discharge",
        starts_on=decision_date,
        due_on=add_months(decision_date, n),
        rule="Complete the discharge after a decision to discharge",
        explanation=explanation,
        policy_version=policy.version,
    )


# Where each deadline's rule comes from, by deadline kind: the national rule it follows, if
# any. The numbers are always the commissioner's scheme policy version named on the row.
NATIONAL_SOURCES = {
    "written_confirmation": (
        "NHS (General Medical Services Contracts) Regulations 2015, Schedule 3, paragraph 25"
    ),
    "allocation": "PCSE's target for processing immediate removals",
    "appeal_against_placement": "NHS England: an appeal process with 28 days to appeal",
    "appeal_against_remaining": "NHS England: an appeal process with 28 days to appeal",
    "review": "PCSE: at least an annual clinical review",
}


def rule_source(kind, policy_name):
    """Where a deadline's rule comes from, in words: the national rule it follows (if any)
    and the scheme policy, by name and version, that set its numbers."""
    national = NATIONAL_SOURCES.get(kind)
    if national:
        return f"{national}; the time allowed is set by {policy_name}"
    return policy_name
