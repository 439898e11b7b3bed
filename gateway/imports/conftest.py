"""Checks that run after every imports test (fixtures, used by being imported): closing a
practice moves its people with the SAS services (``move_to_practice``), so the same episode
checks as after every SAS test (tests/episode_checks.py), each person's caseload date and
each episode's allocation and closing times against its status history."""

from gateway.sas.tests.next_due import caseload_dates_match_the_deadlines  # noqa: F401
from gateway.sas.tests.status_times import status_times_match_the_history  # noqa: F401
from tests.episode_checks import episodes_match_their_deadlines  # noqa: F401
