"""Each deadline rule of docs/domain/special-allocation-scheme.md#what-each-scheme-sets-for-itself,
under the default policy and under a second policy."""

import datetime

import holidays
import pytest

from gateway.sas import rules
from gateway.sas.models import SchemePolicy
from gateway.sas.rules import PolicyValues

D = datetime.date
DEFAULT = PolicyValues(version=1)
# A scheme like South East London: 14 days to appeal being placed, 6-monthly reviews.
SOUTH_EAST = PolicyValues(
    version=2,
    appeal_days_against_placement=14,
    practice_incident_form_days=7,
    first_review_after_months=6,
    review_every_months=6,
)
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])


def test_written_confirmation_due_in_7_days_counting_day_of_notice_as_day_1():
    # docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect: notice on
    # Monday 2 March 2026 → day 7 is Sunday 8 March.
    deadline = rules.written_confirmation_due(D(2026, 3, 2), DEFAULT)
    assert deadline.due_on == D(2026, 3, 8)
    assert deadline.describe() == (
        "Written confirmation of the removal by 8 March 2026 — "
        "7 days counting the day notice was given as day 1"
    )
    assert deadline.policy_version == 1
    assert deadline.rule == "A removal notice not given in writing is confirmed in writing"


def test_written_confirmation_counts_the_day_of_notice_in_england_for_a_late_night_notice():
    # 23:30 on 30 June in England is 22:30 UTC; the notice day is still 30 June.
    notice = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    assert rules.written_confirmation_due(notice, DEFAULT).due_on == D(2026, 7, 6)


def test_appeal_deadline_is_28_days_from_the_allocation_letter():
    # docs/domain/sas-appeals.md#appeals (national): within 28 days. The issue's own example.
    deadline = rules.appeal_deadline(D(2026, 2, 21), rules.APPEAL_AGAINST_PLACEMENT, DEFAULT)
    assert deadline.due_on == D(2026, 3, 21)
    assert deadline.describe() == "Appeal by 21 March 2026 — 28 days from the allocation letter"


def test_appeal_against_placement_is_14_days_under_a_second_policy_and_remaining_stays_28():
    # docs/domain/sas-appeals.md#appeals [VARIES]: London schemes give 14 days to appeal being
    # placed.
    placement = rules.appeal_deadline(D(2026, 2, 21), "placement", SOUTH_EAST)
    remaining = rules.appeal_deadline(D(2026, 2, 21), "remaining", SOUTH_EAST)
    assert placement.due_on == D(2026, 3, 7)
    assert placement.explanation == "14 days from the allocation letter"
    assert placement.policy_version == 2
    assert remaining.due_on == D(2026, 3, 21)
    assert remaining.explanation == "28 days from the review outcome letter"


def test_appeal_against_something_else_is_refused():
    with pytest.raises(ValueError):
        rules.appeal_deadline(D(2026, 2, 21), "removal", DEFAULT)


def test_acknowledgement_due_in_7_working_days_skipping_easter_2026():
    # docs/domain/sas-appeals.md#appeals: 7 working days. Good Friday 3 April and Easter Monday 6
    # April 2026.
    assert ENGLAND.get(D(2026, 4, 3)) == "Good Friday"
    assert ENGLAND.get(D(2026, 4, 6)) == "Easter Monday"
    deadline = rules.acknowledgement_due(D(2026, 4, 1), DEFAULT)
    # Thu 2, Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14 (without the holidays: Fri 10).
    assert deadline.due_on == D(2026, 4, 14)
    assert "not counting weekends or bank holidays" in deadline.explanation


def test_acknowledgement_due_in_7_working_days_over_christmas_and_new_year():
    # Christmas Day Fri 25 Dec, Boxing Day (substitute) Mon 28 Dec 2026, New Year's Day 2027.
    assert D(2026, 12, 28) in ENGLAND and D(2027, 1, 1) in ENGLAND
    deadline = rules.acknowledgement_due(D(2026, 12, 22), DEFAULT)
    # Wed 23, Thu 24, Tue 29, Wed 30, Thu 31, Mon 4, Tue 5.
    assert deadline.due_on == D(2027, 1, 5)


def test_patient_returns_appeal_form_within_14_days():
    assert rules.patient_form_due(D(2026, 4, 14), DEFAULT).due_on == D(2026, 4, 28)


def test_practice_returns_incident_form_within_14_days_or_7_under_a_second_policy():
    assert rules.practice_form_due(D(2026, 4, 14), DEFAULT).due_on == D(2026, 4, 28)
    assert rules.practice_form_due(D(2026, 4, 14), SOUTH_EAST).due_on == D(2026, 4, 21)


def test_panel_meets_within_28_days_of_receiving_both_forms():
    deadline = rules.panel_due(D(2026, 6, 1), DEFAULT)
    assert deadline.due_on == D(2026, 6, 29)
    assert deadline.explanation == "28 days from receiving both appeal forms"


def test_papers_reach_the_panel_at_least_5_days_before_it_meets():
    deadline = rules.papers_due(D(2026, 7, 8), DEFAULT)
    assert deadline.due_on == D(2026, 7, 3)
    assert deadline.explanation == "at least 5 days before the panel on 8 July 2026"


def test_papers_due_on_a_weekend_or_bank_holiday_move_to_the_working_day_before():
    # Panel Wed 8 April 2026: five days before is Good Friday, so Thursday 2 April.
    deadline = rules.papers_due(D(2026, 4, 8), DEFAULT)
    assert deadline.due_on == D(2026, 4, 2)
    assert deadline.explanation.endswith("moved earlier to a working day")


def test_first_review_after_12_months_then_every_12_months_by_default():
    # docs/domain/sas-reviews-and-discharge.md#reviews: at least annual.
    assert rules.first_review_due(D(2026, 3, 10), DEFAULT).due_on == D(2027, 3, 10)
    assert rules.next_review_due(D(2027, 3, 12), DEFAULT).due_on == D(2028, 3, 12)


def test_reviews_are_6_monthly_under_a_second_policy():
    first = rules.first_review_due(D(2026, 3, 10), SOUTH_EAST)
    assert first.due_on == D(2026, 9, 10)
    assert first.explanation == "6 months from allocation to the scheme"
    assert rules.next_review_due(D(2026, 8, 31), SOUTH_EAST).due_on == D(2027, 2, 28)


def test_months_clamp_to_the_end_of_a_shorter_month():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)


def test_discharge_completes_within_3_months_of_the_decision():
    # docs/domain/sas-reviews-and-discharge.md#discharge-and-step-down [LOCAL, SE London].
    deadline = rules.discharge_by(D(2026, 11, 30), DEFAULT)
    assert deadline.due_on == D(2027, 2, 28)
    assert deadline.explanation == "3 months from the decision to discharge"


def test_discharge_explains_automatic_discharge_when_the_policy_has_it():
    policy = PolicyValues(version=3, automatic_discharge_when_not_registered=True)
    deadline = rules.discharge_by(D(2026, 11, 30), policy)
    assert "discharged automatically" in deadline.explanation


def test_minimum_stay_is_a_scheme_setting_and_absent_by_default():
    # docs/domain/sas-reviews-and-discharge.md#reviews: a minimum stay is [UNCONFIRMED] nationally.
    assert rules.earliest_discharge(D(2026, 3, 10), DEFAULT) is None
    policy = PolicyValues(version=4, minimum_stay_months=6)
    assert rules.earliest_discharge(D(2026, 3, 10), policy).due_on == D(2026, 9, 10)


def test_allocation_target_is_24_hours_after_notice():
    notice = datetime.datetime(2026, 3, 2, 16, 0, tzinfo=datetime.UTC)
    deadline = rules.allocation_target(notice, DEFAULT)
    assert deadline.due_at == datetime.datetime(2026, 3, 3, 16, 0, tzinfo=datetime.UTC)
    assert deadline.due_on == D(2026, 3, 3)
    assert deadline.explanation == "24 hours from the removal notice"


def test_written_confirmation_within_7_days_is_national_not_a_scheme_policy_setting():
    # docs/domain/sas-removal-and-allocation.md#notice-and-when-the-removal-takes-effect: the
    # regulations set 7 days (day of notice = day 1); no scheme may change it.
    assert rules.WRITTEN_CONFIRMATION_DAYS == 7
    policy_fields = {f.name for f in SchemePolicy._meta.get_fields()}
    assert "written_confirmation_days" not in policy_fields
    assert "late_police_report_days" not in policy_fields
