"""Checks that run after every SAS test."""

import pytest

# Each person's caseload date too, after every SAS test (a fixture, used by being imported).
from .next_due import caseload_dates_match_the_deadlines  # noqa: F401

# Each episode's allocation and closing times against its status history (ADR 0029).
from .status_times import status_times_match_the_history  # noqa: F401


@pytest.fixture(autouse=True)
def _next_due_on_matches_the_deadlines(request):
    """Property over every SAS service the tests drive (docs/adr/0043-lists-that-stay-fast.md):
    whatever a test did to deadlines, each episode's stored next_due_on and next_due_label
    equal its soonest open deadline's, worked out afresh; and each deadline's copy of its
    episode's commissioner (what the worklist reads) is its episode's."""
    yield
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    from .next_due import deadlines_whose_commissioner_is_wrong, episodes_whose_next_due_is_wrong

    try:
        wrong = episodes_whose_next_due_is_wrong()
        copied_wrong = deadlines_whose_commissioner_is_wrong()
    except RuntimeError:  # the test's database is already gone (a failed transaction test)
        return
    assert wrong == [], f"Episodes whose stored next deadline is out of date: {wrong}"
    assert copied_wrong == [], f"Deadlines whose copied commissioner is wrong: {copied_wrong}"
