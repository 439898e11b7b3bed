"""Appeals (docs/domain/sas-appeals.md#appeals): deadlines from the policy in force, late appeals,
the appeal never pausing the episode, the panel's decision, and two people at once."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gateway.patients.models import PatientFlag
from gateway.sas import services
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.models import Appeal, Deadline, StatusHistory
from gateway.sas.states import State

from .appeal_helpers import appeal_data, ready_for_panel
from .factories import OnScheme

pytestmark = pytest.mark.django_db


def on(day):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return time_machine.travel(moment, tick=False)


def lodge(scheme, **overrides):
    data = appeal_data(**overrides)
    with on(data["received_on"]):
        return services.lodge_appeal(
            scheme.commissioner_user, scheme.commissioner, scheme.episode, data
        )


def due(appeal, kind):
    return services.appeal_deadlines(appeal).get(kind=kind)


def test_appeal_deadline_is_28_days_from_the_allocation_letter_by_default():
    scheme = OnScheme(deadlines=("review",))
    window = services.appeal_window(scheme.episode, "placement")
    assert window.due_on == datetime.date(2026, 3, 30)
    assert window.describe() == "Appeal by 30 March 2026 — 28 days from the allocation letter"


def test_appeal_deadline_is_14_days_against_placement_under_a_policy_version_that_says_so():
    # Version 1 (national 28 days) then version 2 (SE London style: 14 days to appeal being
    # placed, 28 days to appeal remaining), in force before the allocation.
    scheme = OnScheme(
        deadlines=("review",),
        policies=[
            {"effective_from": datetime.date(2025, 4, 1)},
            {
                "effective_from": datetime.date(2026, 1, 1),
                "appeal_days_against_placement": 14,
            },
        ],
    )
    window = services.appeal_window(scheme.episode, "placement")
    assert window.due_on == datetime.date(2026, 3, 16)
    assert window.policy.version == 2
    assert window.explanation == "14 days from the allocation letter"

    # Under the other commissioner's policy the same dates give 28 days.
    other = OnScheme(deadlines=("review",))
    assert services.appeal_window(other.episode, "placement").due_on == datetime.date(2026, 3, 30)


def test_appeal_deadline_set_at_allocation_is_the_one_used():
    scheme = OnScheme(policies=[{"appeal_days_against_placement": 21}])
    row = Deadline.objects.get(episode=scheme.episode, kind="appeal_against_placement")
    assert services.appeal_window(scheme.episode, "placement").pk == row.pk
    assert row.due_on == datetime.date(2026, 3, 23)


def test_acknowledgement_due_in_7_working_days_skips_the_easter_bank_holidays():
    scheme = OnScheme()
    # Received Wednesday 1 April 2026; Good Friday 3 April and Easter Monday 6 April are
    # bank holidays, so day 7 is Tuesday 14 April. (Late: it needs a reason.)
    appeal = lodge(scheme, received_on=datetime.date(2026, 4, 1), late_reason="Was in hospital")
    row = due(appeal, "appeal_acknowledgement")
    assert row.due_on == datetime.date(2026, 4, 14)
    assert row.describe().startswith(
        "Acknowledge the appeal and send the appeal form by 14 April 2026 — 7 working days "
        "from receiving the appeal"
    )


def test_lodging_sets_the_form_deadlines_from_the_policy():
    scheme = OnScheme(policies=[{"practice_incident_form_days": 7}])
    appeal = lodge(scheme)
    assert due(appeal, "patient_appeal_form").due_on == datetime.date(2026, 3, 24)
    assert due(appeal, "practice_incident_form").due_on == datetime.date(2026, 3, 17)
    assert appeal.status == Appeal.Status.LODGED
    assert not appeal.is_late


def test_late_appeal_needs_a_reason_and_is_then_accepted_as_late():
    scheme = OnScheme()  # appeal by 30 March 2026
    with pytest.raises(ValidationError) as refused:
        lodge(scheme, received_on=datetime.date(2026, 4, 2))
    assert "after the deadline (Appeal by 30 March 2026" in str(refused.value.message_dict)
    assert not Appeal.objects.exists()

    appeal = lodge(
        scheme, received_on=datetime.date(2026, 4, 2), late_reason="The letter went astray"
    )
    assert appeal.is_late and appeal.late_reason == "The letter went astray"


def test_appeal_on_the_last_day_is_in_time():
    scheme = OnScheme()
    assert not lodge(scheme, received_on=datetime.date(2026, 3, 30)).is_late


def test_appeal_does_not_pause_the_episode():
    scheme = OnScheme()
    lodge(scheme)
    episode = scheme.refresh()
    assert (episode.state, episode.version) == (State.ALLOCATED, 1)
    assert StatusHistory.objects.filter(episode=episode).count() == 1  # only the allocation
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is None


def test_representative_must_be_named():
    scheme = OnScheme()
    with pytest.raises(ValidationError) as refused:
        lodge(scheme, lodged_by="representative")
    assert "representative_name" in refused.value.message_dict


def test_appeal_against_remaining_needs_a_review_decision_to_appeal_against():
    scheme = OnScheme()
    with pytest.raises(ValidationError) as refused:
        lodge(scheme, against="remaining")
    assert "no review decision" in refused.value.message_dict["against"][0]


def test_practice_staff_of_an_unrelated_practice_cannot_lodge():
    scheme = OnScheme()
    with pytest.raises(NotAllowed):
        services.lodge_appeal(scheme.sas_user, scheme.commissioner, scheme.episode, appeal_data())


def _to_panel(scheme, appeal):
    with on(datetime.date(2026, 4, 20)):
        appeal = services.record_acknowledgement(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            datetime.date(2026, 3, 12),
        )
        appeal = services.record_patient_form(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            datetime.date(2026, 4, 10),
        )
        return services.record_practice_form(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            datetime.date(2026, 4, 15),
        )


def test_panel_is_due_28_days_after_both_forms_are_in():
    scheme = OnScheme()
    appeal = _to_panel(scheme, lodge(scheme))
    panel = due(appeal, "appeal_panel")
    assert panel.due_on == datetime.date(2026, 5, 13)
    assert panel.explanation == "28 days from receiving both appeal forms"
    assert due(appeal, "appeal_acknowledgement").met_at is not None
    assert due(appeal, "patient_appeal_form").met_at is not None


def test_no_panel_deadline_until_both_forms_are_in():
    scheme = OnScheme()
    appeal = lodge(scheme)
    appeal = services.record_patient_form(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 3, 20),
    )
    assert not services.appeal_deadlines(appeal).filter(kind="appeal_panel").exists()


def test_papers_are_due_5_days_before_the_panel():
    scheme = OnScheme()
    appeal = _to_panel(scheme, lodge(scheme))
    with on(datetime.date(2026, 4, 20)):
        appeal = services.schedule_panel(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            datetime.date(2026, 5, 13),
        )
    assert appeal.status == Appeal.Status.PANEL_SCHEDULED
    papers = due(appeal, "panel_papers")
    assert papers.due_on == datetime.date(2026, 5, 8)
    assert papers.explanation == "at least 5 days before the panel on 13 May 2026"


def test_panel_after_its_due_date_needs_a_reason():
    scheme = OnScheme()
    appeal = _to_panel(scheme, lodge(scheme))
    with pytest.raises(ValidationError) as refused:
        services.schedule_panel(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            datetime.date(2026, 5, 20),
        )
    assert "should meet by 13 May 2026" in refused.value.message_dict["reason"][0]
    appeal = services.schedule_panel(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        datetime.date(2026, 5, 20),
        reason="The patient's advocate could not attend earlier",
    )
    assert appeal.panel_on == datetime.date(2026, 5, 20)
    assert appeal.panel_late_reason == "The patient's advocate could not attend earlier"


def test_a_panel_moved_back_within_its_due_date_keeps_no_late_reason():
    scheme = OnScheme()
    appeal = _to_panel(scheme, lodge(scheme))
    who = (scheme.commissioner_user, scheme.commissioner)
    late = datetime.date(2026, 5, 20)
    appeal = services.schedule_panel(*who, appeal, appeal.version, late, reason="Leave")
    in_time = datetime.date(2026, 5, 12)
    appeal = services.schedule_panel(*who, appeal, appeal.version, in_time, reason="Leave")
    assert (appeal.panel_on, appeal.panel_late_reason) == (in_time, "")


def test_upheld_appeal_ends_the_episode_as_overturned_and_removes_the_flag():
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    appeal = services.decide_appeal(
        scheme.panel_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        "upheld",
        "The incident happened in a hospital, so it does not qualify.",
        datetime.date(2026, 5, 1),
    )
    assert appeal.status == Appeal.Status.UPHELD
    episode = scheme.refresh()
    assert episode.state == State.OVERTURNED
    history = StatusHistory.objects.get(episode=episode, transition="uphold_appeal")
    assert history.actor == scheme.panel_user
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is not None
    # Nothing is due on an ended episode: the first review is cancelled.
    review = Deadline.objects.get(episode=episode, kind="review")
    assert review.cancelled_at is not None


def test_dismissed_appeal_needs_reasons_and_leaves_the_episode_as_it_was():
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    with pytest.raises(ValidationError) as refused:
        services.decide_appeal(
            scheme.panel_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            "dismissed",
            " ",
            datetime.date(2026, 5, 1),
        )
    assert "reasons" in refused.value.message_dict
    appeal = services.decide_appeal(
        scheme.panel_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        "dismissed",
        "The incident qualifies: violence at the practice, police told the same day.",
        datetime.date(2026, 5, 1),
    )
    assert appeal.status == Appeal.Status.DISMISSED
    episode = scheme.refresh()
    assert (episode.state, episode.version) == (State.ALLOCATED, 1)
    assert PatientFlag.objects.get(pk=scheme.flag.pk).ended_at is None
    assert Deadline.objects.get(episode=episode, kind="review").cancelled_at is None


def test_a_decided_appeal_cannot_be_decided_again():
    scheme = OnScheme()
    appeal = ready_for_panel(scheme, lodge(scheme))
    appeal = services.decide_appeal(
        scheme.panel_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        "dismissed",
        "Qualifies.",
        datetime.date(2026, 5, 1),
    )
    with pytest.raises(IllegalTransition, match="because it is dismissed"):
        services.decide_appeal(
            scheme.panel_user,
            scheme.commissioner,
            appeal,
            appeal.version,
            "upheld",
            "Changed our minds.",
            datetime.date(2026, 5, 2),
        )


def test_sas_practice_staff_cannot_decide_an_appeal():
    scheme = OnScheme()
    appeal = lodge(scheme)
    with pytest.raises(NotAllowed):
        services.decide_appeal(
            scheme.sas_user,
            scheme.sas_practice,
            appeal,
            appeal.version,
            "upheld",
            "No.",
            datetime.date(2026, 5, 1),
        )


def test_withdrawn_appeal_cancels_its_open_deadlines():
    scheme = OnScheme()
    appeal = lodge(scheme)
    appeal = services.withdraw_appeal(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        appeal.version,
        "The patient phoned to withdraw it.",
    )
    assert appeal.status == Appeal.Status.WITHDRAWN
    assert all(d.cancelled_at for d in services.appeal_deadlines(appeal))
    assert scheme.refresh().state == State.ALLOCATED


def test_two_appeals_on_one_episode_keep_their_own_deadlines_even_when_lodged_together():
    # Same day, same frozen clock: nothing but the link tells the two appeals' rows apart.
    scheme = OnScheme()
    first = lodge(scheme)
    first = services.withdraw_appeal(
        scheme.commissioner_user, scheme.commissioner, first, first.version, "Sent in twice."
    )
    second = lodge(scheme)
    with on(datetime.date(2026, 3, 10)):
        second = services.record_acknowledgement(
            scheme.commissioner_user,
            scheme.commissioner,
            second,
            second.version,
            datetime.date(2026, 3, 10),
        )

    first_rows = list(services.appeal_deadlines(first))
    second_rows = list(services.appeal_deadlines(second))
    assert len(first_rows) == len(second_rows) == 3
    assert {d.pk for d in first_rows}.isdisjoint({d.pk for d in second_rows})
    assert all(d.cancelled_at and not d.met_at for d in first_rows)
    assert due(second, "appeal_acknowledgement").met_at is not None
    assert due(second, "patient_appeal_form").cancelled_at is None


def test_only_one_appeal_is_open_at_a_time():
    scheme = OnScheme()
    lodge(scheme)
    with pytest.raises(IllegalTransition, match="already has an appeal in progress"):
        lodge(scheme, received_on=datetime.date(2026, 3, 11))


def test_concurrent_appeal_edits_are_refused_without_loss():
    scheme = OnScheme()
    appeal = lodge(scheme)
    read_at = appeal.version  # two people open the appeal page
    services.record_acknowledgement(
        scheme.commissioner_user,
        scheme.commissioner,
        appeal,
        read_at,
        datetime.date(2026, 3, 12),
    )
    with pytest.raises(ConflictError, match="Someone else changed this appeal"):
        services.record_patient_form(
            scheme.commissioner_user,
            scheme.commissioner,
            appeal,
            read_at,
            datetime.date(2026, 3, 20),
        )
    stored = Appeal.objects.get(pk=appeal.pk)
    assert stored.acknowledged_on == datetime.date(2026, 3, 12)
    assert stored.patient_form_received_on is None
    assert stored.version == read_at + 1
    assert due(stored, "patient_appeal_form").met_at is None
