"""The episode state table: pure checks, no database."""

from pathlib import Path

import pytest

from gateway.sas import states
from gateway.sas.states import (
    TERMINAL_STATES,
    TRANSITIONS,
    IllegalTransition,
    NotAllowed,
    State,
    check_transition,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "sas-states.md"


def test_allocating_a_declined_episode_is_refused_with_a_clear_message():
    with pytest.raises(IllegalTransition) as refused:
        check_transition(State.DECLINED, "allocate", {"commissioner"})
    assert refused.value.message.startswith(
        "You cannot allocate the patient to an SAS practice because the episode is closed: "
        "the report was declined."
    )


def test_an_illegal_transition_says_what_can_be_done_instead():
    with pytest.raises(IllegalTransition) as refused:
        check_transition(State.ON_HOLD_CUSTODY, "start_review", {"sas_practice_staff"})
    message = refused.value.message
    assert "because the episode is on hold while the patient is in custody" in message
    assert "What you can do now: resume the episode after release from custody" in message


def test_a_role_that_may_not_take_the_step_is_not_allowed():
    with pytest.raises(NotAllowed) as refused:
        check_transition(State.SCREENING, "allocate", {"practice_staff"})
    assert refused.value.message.startswith(
        "You cannot allocate the patient to an SAS practice: only a commissioner can do this."
    )


def test_role_names_in_a_refusal_keep_their_acronyms():
    with pytest.raises(NotAllowed) as refused:
        check_transition(State.DISCHARGE_PLANNED, "complete_discharge", {"practice_staff"})
    assert refused.value.message.startswith(
        "You cannot complete the discharge: only a commissioner or SAS practice staff can do this."
    )


def test_the_journey_from_report_to_discharge_is_allowed_step_by_step():
    journey = [
        ("start_screening", "commissioner", State.SCREENING),
        ("request_more_information", "commissioner", State.MORE_INFORMATION_REQUESTED),
        ("provide_more_information", "practice_staff", State.SCREENING),
        ("send_for_approval", "commissioner", State.AWAITING_APPROVAL),
        ("allocate", "commissioner", State.ALLOCATED),
        ("start_review", "sas_practice_staff", State.UNDER_REVIEW),
        ("decide_remain", "panel_member", State.REMAINING),
        ("start_review", "sas_practice_staff", State.UNDER_REVIEW),
        ("decide_discharge", "sas_practice_staff", State.DISCHARGE_PLANNED),
        ("complete_discharge", "sas_practice_staff", State.DISCHARGED),
    ]
    state = State.REPORTED
    for name, role, expected in journey:
        state = check_transition(state, name, {role}).target
        assert state == expected


def test_custody_pauses_an_active_episode_and_release_returns_it_to_the_state_before():
    # docs/domain/sas-other-changes.md#custody: a patient who goes to prison returns to the scheme
    # on release, where they were (docs/adr/0019).
    for active in (
        State.ALLOCATED,
        State.UNDER_REVIEW,
        State.REMAINING,
        State.DISCHARGE_PLANNED,
    ):
        paused = check_transition(active, "enter_custody", {"commissioner"}).target
        assert paused == State.ON_HOLD_CUSTODY
        release = check_transition(paused, "release_from_custody", {"commissioner"})
        assert release.target_from(active) == active
    # Put on hold before the state was recorded: back on the scheme as allocated.
    assert release.target_from("") == State.ALLOCATED


def test_nothing_leaves_a_closed_episode_except_marking_it_entered_in_error():
    for state in TERMINAL_STATES - {State.ENTERED_IN_ERROR}:
        allowed = [t.name for t in states.available_transitions(state)]
        assert allowed == ["mark_entered_in_error"], state
    assert states.available_transitions(State.ENTERED_IN_ERROR) == []


def test_every_state_is_reachable_from_reported():
    reachable, frontier = {State.REPORTED}, [State.REPORTED]
    while frontier:
        for t in states.available_transitions(frontier.pop()):
            for target in t.targets - reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(states.STATES)


def test_every_transition_names_roles_and_known_states():
    for t in TRANSITIONS.values():
        assert t.roles and t.sources <= set(states.STATES) and t.targets <= set(states.STATES)


def test_unknown_transition_is_a_programming_error():
    with pytest.raises(ValueError):
        check_transition(State.REPORTED, "teleport", {"commissioner"})


def test_the_documented_state_diagram_matches_the_table():
    assert states.mermaid() in DOCS.read_text(), (
        "docs/sas-states.md is out of date: paste in gateway.sas.states.mermaid()"
    )
