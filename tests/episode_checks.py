"""Checks that run after every test of a package whose services move or change SAS episodes
(its conftest imports the fixture): gateway/sas and gateway/imports (a closing practice's
people are moved with ``move_to_practice``). One fixture, so the two cannot drift apart."""

import pytest


@pytest.fixture(autouse=True)
def episodes_match_their_deadlines(request):
    """Property over every service the tests drive (docs/adr/0043-lists-that-stay-fast.md):
    whatever a test did to deadlines, each episode's stored next_due_on and next_due_label
    equal its soonest open deadline's, worked out afresh; and each deadline's copy of its
    episode's commissioner, SAS practice and removing practice (what the worklists read) is
    its episode's as it is now, so a service that moves an episode without rewriting its
    deadlines fails the test that drives it."""
    yield
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    from gateway.sas.tests.next_due import (
        deadlines_whose_copy_is_wrong,
        episodes_whose_next_due_is_wrong,
    )

    try:
        wrong = episodes_whose_next_due_is_wrong()
        copied_wrong = deadlines_whose_copy_is_wrong()
    except RuntimeError:  # the test's database is already gone (a failed transaction test)
        return
    assert wrong == [], f"Episodes whose stored next deadline is out of date: {wrong}"
    assert copied_wrong == [], f"Deadlines whose copy of their episode is wrong: {copied_wrong}"
