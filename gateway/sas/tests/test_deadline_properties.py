"""Properties every deadline rule keeps, whatever the dates and the policy's numbers."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gateway.sas import rules
from gateway.sas.rules import PolicyValues

dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2040, 12, 31))
days = st.integers(min_value=1, max_value=120)
months = st.integers(min_value=1, max_value=36)
policies = st.builds(
    PolicyValues,
    version=st.integers(min_value=1, max_value=50),
    appeal_days_against_placement=days,
    appeal_days_against_remaining=days,
    acknowledgement_working_days=st.integers(min_value=1, max_value=30),
    patient_form_return_days=days,
    practice_incident_form_days=days,
    panel_within_days_of_forms=days,
    papers_before_panel_days=st.integers(min_value=1, max_value=30),
    first_review_after_months=months,
    review_every_months=months,
    minimum_stay_months=st.none() | months,
    discharge_completion_months=months,
    automatic_discharge_when_not_registered=st.booleans(),
    two_person_allocation_check=st.booleans(),
    allocation_target_hours=st.integers(min_value=1, max_value=96),
)

FORWARD_RULES = [
    rules.written_confirmation_due,
    lambda start, policy: rules.appeal_deadline(start, "placement", policy),
    lambda start, policy: rules.appeal_deadline(start, "remaining", policy),
    rules.acknowledgement_due,
    rules.patient_form_due,
    rules.practice_form_due,
    rules.panel_due,
    rules.first_review_due,
    rules.next_review_due,
    rules.discharge_by,
]


@given(start=dates, policy=policies, which=st.sampled_from(FORWARD_RULES))
def test_a_deadline_is_never_before_its_start(start, policy, which):
    deadline = which(start, policy)
    assert deadline.starts_on == start
    assert deadline.due_on >= start
    assert deadline.policy_version == policy.version
    assert deadline.explanation and deadline.rule


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_working_day_deadlines_never_land_on_a_weekend_or_england_bank_holiday(start, n):
    due = rules.add_working_days(start, n)
    assert due.weekday() < 5
    assert not rules.is_bank_holiday(due)
    assert due > start


@given(received=dates, policy=policies)
def test_appeal_acknowledgement_never_lands_on_a_weekend_or_bank_holiday(received, policy):
    assert rules.is_working_day(rules.acknowledgement_due(received, policy).due_on)


@given(start=dates, n=st.integers(min_value=0, max_value=60), extra=st.integers(1, 30))
def test_adding_more_working_days_always_gives_a_later_date(start, n, extra):
    assert rules.add_working_days(start, n) < rules.add_working_days(start, n + extra)


@given(panel=dates, policy=policies)
def test_panel_papers_are_due_on_a_working_day_at_least_the_policy_days_before(panel, policy):
    due = rules.papers_due(panel, policy).due_on
    assert rules.is_working_day(due)
    assert (panel - due).days >= policy.papers_before_panel_days


@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_adding_months_lands_in_the_right_month_and_never_past_the_same_day(start, n):
    result = rules.add_months(start, n)
    assert (result.year - start.year) * 12 + result.month - start.month == n
    assert result.day <= start.day
