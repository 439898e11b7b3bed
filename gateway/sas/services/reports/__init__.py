"""The removal report and its screening (docs/domain/sas-removal-and-allocation.md): the removing
practice's report in removal_report.py, the commissioner's screening in screening.py. Allocation is
in allocation.py. The names callers use are exported here."""

from .removal_report import (
    EXPLANATION_NEEDED,
    REPORT_FIELDS,
    confirm_in_writing,
    needs_explanation,
    policy_for_notice,
    policy_for_practice,
    practice_commissioner,
    protected_since,
    screen,
    submit_removal_report,
)
from .screening import (
    ANSWER_ROLES,
    INFORMATION_DUE_WORKING_DAYS,
    SCREEN_ROLES,
    answer_information_request,
    decline,
    default_information_due,
    hours_since,
    may_answer_questions,
    may_screen,
    open_information_request,
    request_more_information,
    start_screening,
)

__all__ = [
    "ANSWER_ROLES",
    "EXPLANATION_NEEDED",
    "INFORMATION_DUE_WORKING_DAYS",
    "REPORT_FIELDS",
    "SCREEN_ROLES",
    "answer_information_request",
    "confirm_in_writing",
    "decline",
    "default_information_due",
    "hours_since",
    "may_answer_questions",
    "may_screen",
    "needs_explanation",
    "open_information_request",
    "policy_for_notice",
    "policy_for_practice",
    "practice_commissioner",
    "protected_since",
    "request_more_information",
    "screen",
    "start_screening",
    "submit_removal_report",
]
