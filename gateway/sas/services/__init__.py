"""Every write to the scheme's records, one module per part of the journey:
episodes (transitions, policy versions), reports (removal report, screening, allocation),
appeals, reviews (reviews, discharge) and changes (custody, transfer, death...)."""

from .allocation import allocate, allocation_options, confirm_allocation
from .appeal_decisions import check_decision as check_appeal_decision
from .appeal_decisions import decide_appeal, withdraw_appeal
from .appeal_steps import appeal_deadlines
from .appeals import (
    appeal_window,
    lodge_appeal,
    record_acknowledgement,
    record_papers_sent,
    record_patient_form,
    record_practice_form,
    schedule_panel,
)
from .before_gateway import record_episode_begun_before_gateway
from .changes import available_changes, other_commissioners, record_change
from .discharge import complete_discharge, discharge_overdue_plans, exception_discharge
from .episodes import create_policy_version, roles_on_episode, system_transition, transition
from .reports import (
    answer_information_request,
    confirm_in_writing,
    decline,
    request_more_information,
    start_screening,
    submit_removal_report,
)
from .reviews import (
    decide_review,
    ensure_review_scheduled,
    record_review_input,
    request_due_review_inputs,
    request_review_inputs,
    schedule_missing_reviews,
    schedule_review,
    start_review,
)

__all__ = [
    "appeal_deadlines",
    "appeal_window",
    "available_changes",
    "check_appeal_decision",
    "decide_appeal",
    "lodge_appeal",
    "other_commissioners",
    "record_acknowledgement",
    "record_change",
    "record_episode_begun_before_gateway",
    "record_papers_sent",
    "record_patient_form",
    "record_practice_form",
    "schedule_panel",
    "withdraw_appeal",
    "allocate",
    "allocation_options",
    "answer_information_request",
    "confirm_allocation",
    "confirm_in_writing",
    "create_policy_version",
    "decline",
    "request_more_information",
    "roles_on_episode",
    "start_screening",
    "submit_removal_report",
    "system_transition",
    "transition",
    "complete_discharge",
    "decide_review",
    "discharge_overdue_plans",
    "ensure_review_scheduled",
    "exception_discharge",
    "record_review_input",
    "request_due_review_inputs",
    "request_review_inputs",
    "schedule_missing_reviews",
    "schedule_review",
    "start_review",
]
