"""Changing an episode's state through the service: permission, the state table, optimistic
concurrency, status history and audit, all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.core.models import ImmutableRow
from gateway.sas import services
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.models import Deadline, Episode, StatusHistory
from gateway.sas.services import episodes as episodes_service
from gateway.sas.states import State
from tests.factories import MembershipFactory, SasPracticeFactory

from .factories import EpisodeFactory, SchemePolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode():
    return EpisodeFactory(state=State.SCREENING)


@pytest.fixture
def commissioner_user(episode):
    return MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user


@pytest.fixture
def sas_practice(episode):
    return SasPracticeFactory(commissioner=episode.commissioner)


def move(user, organisation, episode, name, **kwargs):
    return services.transition(user, organisation, episode, name, episode.version, **kwargs)


def test_allocation_moves_the_episode_writes_history_and_audits(
    episode, commissioner_user, sas_practice
):
    move(commissioner_user, episode.commissioner, episode, "allocate", sas_practice=sas_practice)

    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.version, stored.sas_practice) == (
        State.ALLOCATED,
        2,
        sas_practice,
    )
    assert (episode.state, episode.version) == (State.ALLOCATED, 2)
    (history,) = StatusHistory.objects.filter(episode=episode)
    assert (history.from_state, history.to_state, history.transition) == (
        State.SCREENING,
        State.ALLOCATED,
        "allocate",
    )
    assert history.actor == commissioner_user
    assert history.organisation == episode.commissioner
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATE_CHANGE)
    assert event.object_id == str(episode.public_id)
    assert event.patient_id == episode.patient_id
    assert event.changed_fields == ["sas_practice", "state"]
    assert event.detail == {"from": "screening", "to": "allocated", "transition": "allocate"}


def _deadline(episode, policy, kind, **values):
    return Deadline.objects.create(
        episode=episode,
        kind=kind,
        label=kind,
        starts_on=datetime.date(2026, 3, 2),
        due_on=datetime.date(2026, 3, 9),
        rule="test",
        explanation="test",
        policy=policy,
        **values,
    )


def test_ending_an_episode_cancels_its_open_deadlines_and_leaves_met_ones(
    episode, commissioner_user, sas_practice
):
    policy = SchemePolicyFactory(commissioner=episode.commissioner)
    met_at = timezone.now() - datetime.timedelta(days=1)
    open_row = _deadline(episode, policy, "allocation")
    met_row = _deadline(episode, policy, "written_confirmation", met_at=met_at)
    move(commissioner_user, episode.commissioner, episode, "allocate", sas_practice=sas_practice)
    open_row.refresh_from_db()
    assert open_row.cancelled_at is None  # allocated is not an end

    move(commissioner_user, episode.commissioner, episode, "record_death")
    open_row.refresh_from_db()
    met_row.refresh_from_db()
    assert open_row.cancelled_at is not None
    assert (met_row.met_at, met_row.cancelled_at) == (met_at, None)


def test_system_transition_acts_without_a_person_and_says_so_in_history_and_audit():
    episode = EpisodeFactory(state=State.DISCHARGE_PLANNED)
    services.system_transition(episode, "complete_discharge", "The window passed.")

    assert Episode.objects.get(pk=episode.pk).state == State.DISCHARGED
    assert (episode.state, episode.version) == (State.DISCHARGED, 2)
    (history,) = StatusHistory.objects.filter(episode=episode)
    assert (history.actor, history.actor_name, history.organisation) == (
        None,
        "Gateway (automatic)",
        None,
    )
    assert (history.transition, history.reason) == ("complete_discharge", "The window passed.")
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATE_CHANGE)
    assert (event.actor, event.organisation) == (None, None)
    assert event.detail == {
        "from": "discharge_planned",
        "to": "discharged",
        "transition": "complete_discharge",
        "automatic": True,
    }


def test_system_transition_still_follows_the_state_table():
    episode = EpisodeFactory(state=State.SCREENING)
    with pytest.raises(IllegalTransition, match="Gateway cannot complete the discharge"):
        services.system_transition(episode, "complete_discharge", "The window passed.")
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING
    assert not StatusHistory.objects.filter(episode=episode).exists()


def test_status_history_cannot_be_changed_or_removed(episode, commissioner_user, sas_practice):
    move(commissioner_user, episode.commissioner, episode, "allocate", sas_practice=sas_practice)
    history = StatusHistory.objects.get(episode=episode)
    history.reason = "rewritten"
    with pytest.raises(ImmutableRow):
        history.save()
    with pytest.raises(ImmutableRow):
        history.delete()
    with pytest.raises(ImmutableRow):
        StatusHistory.objects.filter(episode=episode).update(reason="rewritten")
    with pytest.raises(ImmutableRow):
        StatusHistory.objects.filter(episode=episode).delete()


def test_illegal_transition_is_refused_with_a_clear_message_and_nothing_changes(
    episode, commissioner_user
):
    with pytest.raises(IllegalTransition) as refused:
        move(commissioner_user, episode.commissioner, episode, "complete_discharge")
    assert refused.value.message.startswith(
        "You cannot complete the discharge because the episode is being screened"
    )
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING
    assert not StatusHistory.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE).exists()


def test_allocating_needs_an_sas_practice(episode, commissioner_user):
    with pytest.raises(ValidationError) as refused:
        move(commissioner_user, episode.commissioner, episode, "allocate")
    assert "sas_practice" in refused.value.message_dict
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING


def test_allocating_to_a_practice_that_is_not_an_sas_practice_is_refused(
    episode, commissioner_user
):
    ordinary = episode.removing_practice
    with pytest.raises(ValidationError):
        move(commissioner_user, episode.commissioner, episode, "allocate", sas_practice=ordinary)


def test_declining_needs_a_reason(episode, commissioner_user):
    with pytest.raises(ValidationError) as refused:
        move(commissioner_user, episode.commissioner, episode, "decline", reason="  ")
    assert refused.value.message_dict == {"reason": ["Say why you want to decline the report"]}
    move(commissioner_user, episode.commissioner, episode, "decline", reason="Hospital incident")
    assert StatusHistory.objects.get(episode=episode).reason == "Hospital incident"


def test_a_commissioner_of_another_area_is_not_allowed(episode):
    elsewhere = MembershipFactory(role=Role.COMMISSIONER)
    with pytest.raises(NotAllowed) as refused:
        move(elsewhere.user, elsewhere.organisation, episode, "start_review")
    assert "not involved in this episode" in refused.value.message


def test_removing_practice_staff_cannot_allocate(episode, sas_practice):
    staff = MembershipFactory(organisation=episode.removing_practice).user
    with pytest.raises(NotAllowed) as refused:
        move(staff, episode.removing_practice, episode, "allocate", sas_practice=sas_practice)
    assert "only a commissioner can do this" in refused.value.message
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING


def test_a_role_counts_only_in_the_organisation_that_plays_that_part(episode, sas_practice):
    # SAS practice staff of some other SAS practice cannot pause this episode.
    episode.state = State.ALLOCATED
    episode.sas_practice = sas_practice
    episode.save()
    other = MembershipFactory(organisation=SasPracticeFactory(), role=Role.SAS_PRACTICE_STAFF)
    with pytest.raises(NotAllowed):
        move(other.user, other.organisation, episode, "enter_custody")
    own = MembershipFactory(organisation=sas_practice, role=Role.SAS_PRACTICE_STAFF)
    move(own.user, sas_practice, episode, "enter_custody")
    assert episode.state == State.ON_HOLD_CUSTODY


def test_custody_pauses_the_episode_and_release_resumes_it_where_it_was(
    episode, commissioner_user, sas_practice
):
    # docs/domain/sas-other-changes.md#custody: a patient on the scheme who goes to prison returns
    # to it on release, in the state custody interrupted (here, under review).
    org = episode.commissioner
    move(commissioner_user, org, episode, "allocate", sas_practice=sas_practice)
    move(commissioner_user, org, episode, "start_review")
    move(commissioner_user, org, episode, "enter_custody")
    assert Episode.objects.get(pk=episode.pk).state == State.ON_HOLD_CUSTODY
    with pytest.raises(IllegalTransition):
        move(commissioner_user, org, episode, "decide_discharge")
    move(commissioner_user, org, episode, "release_from_custody")

    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.sas_practice) == (State.UNDER_REVIEW, sas_practice)
    assert list(
        StatusHistory.objects.filter(episode=episode).values_list("to_state", flat=True)
    ) == [State.ALLOCATED, State.UNDER_REVIEW, State.ON_HOLD_CUSTODY, State.UNDER_REVIEW]


def test_a_stale_version_is_refused_and_nothing_is_overwritten(
    episode, commissioner_user, sas_practice
):
    # Two commissioners open the same episode at version 1.
    first_copy = Episode.objects.get(pk=episode.pk)
    second_copy = Episode.objects.get(pk=episode.pk)
    other = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    services.transition(
        commissioner_user,
        episode.commissioner,
        first_copy,
        "allocate",
        1,
        sas_practice=sas_practice,
    )
    with pytest.raises(ConflictError) as refused:
        services.transition(
            other, episode.commissioner, second_copy, "decline", 1, reason="Does not qualify"
        )
    assert refused.value.message.startswith("Someone else changed this episode")

    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.version, stored.sas_practice) == (
        State.ALLOCATED,
        2,
        sas_practice,
    )
    assert StatusHistory.objects.filter(episode=episode).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATE_CHANGE).count() == 1


def test_a_refused_step_writes_no_history_or_audit_even_after_the_checks_pass(
    episode, commissioner_user, sas_practice, monkeypatch
):
    # All or nothing: a failure while auditing undoes the state change and the history row.
    def broken(*args, **kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(episodes_service.audit, "record", broken)
    org = episode.commissioner
    with pytest.raises(RuntimeError):
        move(commissioner_user, org, episode, "allocate", sas_practice=sas_practice)
    stored = Episode.objects.get(pk=episode.pk)
    assert (stored.state, stored.version) == (State.SCREENING, 1)
    assert not StatusHistory.objects.exists()
