"""Checks that run after every SAS test (fixtures, used by being imported)."""

# Each episode's stored next deadline, and each deadline's copy of its episode's
# organisations, equal what is worked out afresh (shared with gateway/imports).
from tests.episode_checks import episodes_match_their_deadlines  # noqa: F401

# Each appeal's stored date to decide by (the panel's queue sorts by it, ADR 0062).
from .decide_by import appeals_match_their_decide_by  # noqa: F401

# Each person's caseload date too.
from .next_due import caseload_dates_match_the_deadlines  # noqa: F401

# Each episode's allocation and closing times against its status history (ADR 0029).
from .status_times import status_times_match_the_history  # noqa: F401
