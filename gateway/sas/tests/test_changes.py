"""Other ways an episode changes (docs/domain/sas-other-changes.md#custody): custody pause and
resume, moving to another area's scheme, death, registered by mistake, entered in error."""

import pytest
from django.core.exceptions import ValidationError

from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas import services
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.models import Deadline, Episode, StatusHistory
from gateway.sas.queries import visible_episodes
from gateway.sas.states import State
from tests.factories import CommissionerFactory

from .appeal_helpers import appeal_data
from .factories import OnScheme

pytestmark = pytest.mark.django_db


def change(scheme, code, user=None, organisation=None, **kwargs):
    return services.record_change(
        user or scheme.commissioner_user,
        organisation or scheme.commissioner,
        scheme.episode,
        code,
        scheme.episode.version,
        **kwargs,
    )


def open_deadlines(episode):
    return Deadline.objects.filter(episode=episode, met_at__isnull=True, cancelled_at__isnull=True)


def test_custody_puts_the_episode_on_hold_and_release_returns_it_with_reviews_unchanged():
    """docs/domain/sas-other-changes.md#custody: a patient who goes to prison returns to the scheme
    on release."""
    scheme = OnScheme()
    review_due = Deadline.objects.get(episode=scheme.episode, kind="review").due_on
    change(scheme, "custody", user=scheme.sas_user, organisation=scheme.sas_practice)
    assert scheme.refresh().state == State.ON_HOLD_CUSTODY
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is None

    change(scheme, "release", user=scheme.sas_user, organisation=scheme.sas_practice)
    episode = scheme.refresh()
    assert episode.state == State.ALLOCATED
    review = Deadline.objects.get(episode=episode, kind="review")
    assert (review.due_on, review.cancelled_at) == (review_due, None)
    assert list(
        StatusHistory.objects.filter(episode=episode).values_list("transition", flat=True)
    ) == ["allocate", "enter_custody", "release_from_custody"]


def test_death_ends_the_episode_cancels_deadlines_and_ends_the_flag():
    scheme = OnScheme()
    change(scheme, "death", user=scheme.sas_user, organisation=scheme.sas_practice)
    episode = scheme.refresh()
    assert episode.state == State.ENDED_DEATH
    assert not open_deadlines(episode).exists()
    assert Deadline.objects.filter(episode=episode, cancelled_at__isnull=False).count() == 2
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is not None


def test_registered_by_mistake_needs_a_reason_and_ends_the_flag():
    scheme = OnScheme()
    with pytest.raises(ValidationError):
        change(scheme, "registered_by_mistake")
    change(scheme, "registered_by_mistake", reason="Removed by the wrong practice")
    assert scheme.refresh().state == State.ENDED_REGISTERED_BY_MISTAKE
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is not None


def test_entered_in_error_ends_the_flag_and_cancels_deadlines():
    scheme = OnScheme()
    change(scheme, "entered_in_error", reason="Recorded against the wrong patient")
    episode = scheme.refresh()
    assert episode.state == State.ENTERED_IN_ERROR
    assert not open_deadlines(episode).exists()
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is not None


def test_move_out_of_area_starts_a_new_episode_at_the_new_commissioner_and_keeps_history():
    scheme = OnScheme()
    new_area = CommissionerFactory()
    change(scheme, "transfer", to_commissioner=new_area, reason="Moved to Leeds")
    old = scheme.refresh()
    assert old.state == State.TRANSFERRED_OUT
    assert StatusHistory.objects.filter(episode=old).count() == 2
    new = Episode.objects.get(commissioner=new_area)
    assert (new.patient_id, new.state, new.sas_practice) == (old.patient_id, State.SCREENING, None)
    (arrival,) = StatusHistory.objects.filter(episode=new)
    assert arrival.transition == "transfer_in" and "Moved to Leeds" in arrival.reason
    assert PatientRelationship.objects.filter(
        patient=old.patient, organisation=new_area, kind="commissioner", is_active=True
    ).exists()
    # The new area's commissioner can see and allocate the new episode.
    user = OnScheme.member(new_area, "commissioner")
    assert new in visible_episodes(user, new_area)
    # Still on a scheme: the attend SAS practice only flag stays.
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is None


def test_move_needs_another_area_chosen():
    scheme = OnScheme()
    with pytest.raises(ValidationError) as refused:
        change(scheme, "transfer", reason="Moved", to_commissioner=scheme.commissioner)
    assert "to_commissioner" in refused.value.message_dict
    assert scheme.refresh().state == State.ALLOCATED


def test_illegal_change_is_refused_with_what_can_be_done_instead():
    scheme = OnScheme()
    with pytest.raises(IllegalTransition) as refused:
        change(scheme, "release")
    assert "because the episode is active" in refused.value.message
    assert "What you can do now" in refused.value.message


def test_sas_practice_cannot_transfer_a_patient():
    scheme = OnScheme()
    with pytest.raises(NotAllowed):
        change(
            scheme,
            "transfer",
            user=scheme.sas_user,
            organisation=scheme.sas_practice,
            to_commissioner=CommissionerFactory(),
            reason="Moved",
        )


def test_a_change_made_on_an_old_copy_is_refused_without_loss():
    scheme = OnScheme()
    stale = scheme.episode.version
    change(scheme, "custody")
    with pytest.raises(ConflictError):
        services.record_change(
            scheme.commissioner_user, scheme.commissioner, scheme.episode, "death", stale
        )
    assert scheme.refresh().state == State.ON_HOLD_CUSTODY
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is None


def test_death_closes_an_open_appeal():
    scheme = OnScheme()
    appeal = services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )
    scheme.refresh()
    change(scheme, "death")
    appeal.refresh_from_db()
    assert appeal.status == "withdrawn"
