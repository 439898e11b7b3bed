"""The SAS demo: every episode state, built through the real services,
visible to the right demo users, and loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from gateway.accounts.models import User
from gateway.audit.services import verify_chain
from gateway.nonprod.demo_data import demo_email
from gateway.nonprod.sas_demo import ICB, OTHER_ICB
from gateway.patients.models import PatientFlag
from gateway.sas.models import (
    Allocation,
    Appeal,
    Deadline,
    DischargePlan,
    Episode,
    InformationRequest,
    RemovalReport,
    Review,
    SchemePolicy,
    StatusHistory,
)
from gateway.sas.queries import visible_episodes, worklist_counts
from gateway.sas.states import ACTIVE_STATES, OPEN_STATES, STATES, State

pytestmark = pytest.mark.django_db

MODELS = (
    Episode,
    StatusHistory,
    Deadline,
    RemovalReport,
    InformationRequest,
    Allocation,
    Appeal,
    Review,
    DischargePlan,
    PatientFlag,
    SchemePolicy,
)


def load():
    call_command("load_demo", stdout=io.StringIO())


def counts():
    return [model.objects.count() for model in MODELS]


def user(local_part):
    user = User.objects.get(username=demo_email(local_part))
    return user, user.memberships.get().organisation


def sussex():
    return Episode.objects.filter(commissioner__name=ICB)


def test_covers_every_state_with_a_different_person():
    load()
    episodes = sussex()
    assert sorted(episodes.values_list("state", flat=True)) == sorted(STATES)
    assert len({e.patient_id for e in episodes}) == len(STATES)


def test_the_person_who_moved_away_has_a_new_episode_at_the_other_area():
    load()
    moved = sussex().get(state=State.TRANSFERRED_OUT)
    (new,) = Episode.objects.exclude(commissioner__name=ICB)
    assert (new.patient_id, new.commissioner.name, new.state) == (
        moved.patient_id,
        OTHER_ICB,
        State.SCREENING,
    )
    assert new.history.get().transition == "transfer_in"


def test_loading_twice_creates_no_duplicates_and_keeps_the_audit_chain():
    load()
    first = counts()
    load()
    assert counts() == first
    assert verify_chain() is None


def test_every_episode_was_walked_from_reported_through_the_transition_service():
    load()
    for episode in sussex():
        history = list(episode.history.order_by("at", "id"))
        assert history[0].to_state == State.REPORTED
        assert history[-1].to_state == episode.state
        assert all(a.to_state == b.from_state for a, b in zip(history, history[1:], strict=False))


def test_states_carry_the_rows_they_imply():
    load()
    by_state = {e.state: e for e in sussex().select_related("patient")}
    for state in ACTIVE_STATES:
        episode = by_state[state]
        assert episode.sas_practice_id and episode.allocations.exists()
        assert episode.patient.flags.filter(kind="attend_sas_only", ended_at=None).exists()
    assert by_state[State.MORE_INFORMATION_REQUESTED].information_requests.exists()
    assert by_state[State.ALLOCATED].appeals.filter(status="lodged").exists()
    assert by_state[State.OVERTURNED].appeals.filter(status="upheld").exists()
    remaining = by_state[State.REMAINING]
    assert remaining.reviews.filter(decision="remain", patient_took_part="in_person").exists()
    assert remaining.reviews.filter(status="scheduled").count() == 1  # the next one
    assert remaining.appeals.filter(status="dismissed").exists()
    under_review = by_state[State.UNDER_REVIEW].reviews.get()
    assert under_review.practice_report and under_review.patient_view
    assert DischargePlan.objects.filter(episode=by_state[State.DISCHARGE_PLANNED]).exists()
    discharged = by_state[State.DISCHARGED]
    assert discharged.patient.flags.filter(kind="protected_from_removal").exists()
    assert not discharged.patient.flags.filter(kind="attend_sas_only", ended_at=None).exists()
    # Every closed episode has nothing left due.
    closed = Episode.objects.exclude(state__in=OPEN_STATES)
    assert not Deadline.objects.filter(episode__in=closed, met_at=None, cancelled_at=None).exists()
    assert Deadline.objects.filter(met_at=None, cancelled_at=None, policy__version=1).exists()


def test_the_demo_commissioner_practice_and_sas_practice_see_their_episodes():
    load()
    commissioner, icb = user("commissioner")
    # Every state, and the moved person's new episode (their patient is still visible).
    assert visible_episodes(commissioner, icb).count() == len(STATES) + 1
    practice_user, practice = user("practice-staff")
    assert visible_episodes(practice_user, practice).count() == len(STATES) + 1
    sas_user, sas = user("sas-practice-staff")
    seen = visible_episodes(sas_user, sas)
    assert 0 < seen.count() < len(STATES)
    assert set(seen.values_list("sas_practice", flat=True)) == {sas.pk}


def test_the_demo_worklists_have_something_overdue_for_the_commissioner():
    load()
    commissioner, icb = user("commissioner")
    counts = worklist_counts(commissioner, icb, {"commissioner"})
    assert counts["overdue"] >= 1
    assert counts["due_soon"] >= 1
