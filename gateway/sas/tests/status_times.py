"""The stored allocation and closing times of every episode against the ones worked out, in
Python, from its status history (ADR 0029)."""

import pytest

from gateway.sas.models import Episode, StatusHistory
from gateway.sas.states import TERMINAL_STATES, State


def episodes_whose_status_times_are_wrong():
    """[(episode id, stored, computed)] for every episode whose stored (allocated_at,
    closed_at) is not the time of its first status change to allocated and of its first to a
    closed state (first by time, then id), None where there is none."""
    first = {}
    for row in StatusHistory.objects.order_by("at", "id").values("episode_id", "to_state", "at"):
        times = first.setdefault(row["episode_id"], [None, None])
        if row["to_state"] == State.ALLOCATED and times[0] is None:
            times[0] = row["at"]
        elif row["to_state"] in TERMINAL_STATES and times[1] is None:
            times[1] = row["at"]
    wrong = []
    for pk, allocated_at, closed_at in Episode.objects.values_list(
        "pk", "allocated_at", "closed_at"
    ):
        computed = tuple(first.get(pk, (None, None)))
        if (allocated_at, closed_at) != computed:
            wrong.append((pk, (allocated_at, closed_at), computed))
    return wrong


@pytest.fixture(autouse=True)
def status_times_match_the_history(request):
    """Property over every service the tests drive (ADR 0029): whatever a test did to
    episodes and their status history, each episode's stored allocated_at and closed_at equal
    the ones worked out afresh from the history. Used by the SAS, insight and nonprod tests'
    conftest."""
    yield
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    try:
        wrong = episodes_whose_status_times_are_wrong()
    except RuntimeError:  # the test's database is already gone (a failed transaction test)
        return
    assert wrong == [], f"Episodes whose stored allocation or closing time is wrong: {wrong}"
