"""Submitting a removal report (docs/domain/sas-removal-and-allocation.md) and screening it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gateway.audit.models import AuditEvent
from gateway.patients.models import PatientFlag, PatientRelationship
from gateway.sas import rules, services
from gateway.sas.errors import ConflictError, NotAllowed
from gateway.sas.models import Deadline, Episode, InformationRequest, StatusHistory
from gateway.sas.states import State

from .report_helpers import Scheme, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    return Scheme()


def test_report_opens_an_episode_with_history_audit_and_commissioner_access(scheme):
    episode = scheme.report()

    assert episode.state == State.REPORTED
    assert episode.commissioner == scheme.commissioner
    assert episode.removing_practice == scheme.practice
    report = episode.removal_report
    assert report.screening_route == rules.QUALIFIES
    (history,) = StatusHistory.objects.filter(episode=episode)
    assert (history.from_state, history.to_state, history.actor) == (
        "",
        State.REPORTED,
        scheme.practice_user,
    )
    assert PatientRelationship.objects.filter(
        patient=scheme.patient,
        organisation=scheme.commissioner,
        kind=PatientRelationship.Kind.COMMISSIONER,
        is_active=True,
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_id=str(episode.public_id)
    ).exists()


def test_allocation_target_is_24_hours_from_notice(scheme):
    episode = scheme.report()
    target = Deadline.objects.get(episode=episode, kind="allocation")
    notice = episode.removal_report.notice_given_at
    assert target.due_at == notice + datetime.timedelta(hours=24)
    assert target.policy == scheme.policy


def test_written_confirmation_due_in_7_days_counting_the_day_of_notice_as_day_1(scheme):
    notice = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))  # a Monday
    episode = scheme.report(
        incident_at=notice - datetime.timedelta(hours=1),
        police_reported_at=notice - datetime.timedelta(minutes=30),
        notice_given_at=notice,
        notice_method="phone",
    )
    deadline = Deadline.objects.get(episode=episode, kind="written_confirmation")
    assert deadline.due_on == datetime.date(2026, 3, 8)  # the Sunday
    assert "day 1" in deadline.describe()


def test_no_written_confirmation_deadline_when_notice_was_in_writing(scheme):
    episode = scheme.report(notice_method="in_writing")
    assert not Deadline.objects.filter(episode=episode, kind="written_confirmation").exists()


def test_confirming_in_writing_meets_the_deadline(scheme):
    episode = scheme.report(notice_method="phone")
    services.confirm_in_writing(scheme.commissioner_user, scheme.commissioner, episode)
    deadline = Deadline.objects.get(episode=episode, kind="written_confirmation")
    assert deadline.met_at is not None
    episode.removal_report.refresh_from_db()
    assert episode.removal_report.written_confirmation_received_at is not None


@pytest.mark.parametrize("setting", ["hospital", "community"])
def test_hospital_and_community_incidents_are_flagged_but_submittable_with_explanation(
    scheme, setting
):
    with pytest.raises(ValidationError) as refused:
        scheme.report(setting=setting)
    assert "explanation" in refused.value.message_dict
    assert not Episode.objects.exists()

    episode = scheme.report(setting=setting, explanation="It was in our branch surgery.")
    report = episode.removal_report
    assert report.screening_route == rules.DOUBTFUL
    assert "setting_does_not_qualify" in {w["code"] for w in report.screening_warnings}
    assert report.explanation == "It was in our branch surgery."


def test_police_told_8_days_after_the_incident_routes_to_approval(scheme):
    incident = timezone.now() - datetime.timedelta(days=9)
    episode = scheme.report(
        incident_at=incident,
        police_reported_at=incident + datetime.timedelta(days=8),
        explanation="We were told to wait by the police.",
    )
    assert episode.removal_report.screening_route == rules.APPROVAL_NEEDED


def test_police_told_7_days_after_the_incident_is_in_time(scheme):
    incident = timezone.now() - datetime.timedelta(days=8)
    episode = scheme.report(
        incident_at=incident, police_reported_at=incident + datetime.timedelta(days=7)
    )
    assert episode.removal_report.screening_route == rules.QUALIFIES


def test_police_not_told_routes_to_approval(scheme):
    episode = scheme.report(
        police_reported=False,
        police_reported_at=None,
        police_reference="",
        explanation="The patient left before police came.",
    )
    assert episode.removal_report.screening_route == rules.APPROVAL_NEEDED


def test_practice_cannot_report_a_patient_it_is_not_linked_to(scheme):
    other = Scheme()
    with pytest.raises(NotAllowed):
        services.submit_removal_report(
            scheme.practice_user, scheme.practice, other.patient, report_data()
        )


def test_commissioner_cannot_submit_a_removal_report(scheme):
    with pytest.raises(NotAllowed):
        services.submit_removal_report(
            scheme.commissioner_user, scheme.commissioner, scheme.patient, report_data()
        )


def test_second_report_for_a_patient_already_on_an_episode_is_refused(scheme):
    scheme.report()
    with pytest.raises(ValidationError, match="already has an open"):
        scheme.report()


def test_practice_staff_cannot_screen(scheme):
    episode = scheme.report()
    with pytest.raises(NotAllowed, match="commissioner"):
        services.start_screening(scheme.practice_user, scheme.practice, episode, episode.version)


def test_more_information_request_and_answer(scheme):
    episode = scheme.screening()
    due = rules.add_working_days(timezone.localdate(), 5)
    services.request_more_information(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "Was anyone hurt?",
        due,
    )
    assert episode.state == State.MORE_INFORMATION_REQUESTED
    request = InformationRequest.objects.get(episode=episode)
    assert request.due_on == due
    deadline = Deadline.objects.get(episode=episode, kind="information_request")
    assert deadline.due_on == due

    services.answer_information_request(
        scheme.practice_user, scheme.practice, episode, episode.version, "Yes, a bruised arm."
    )
    request.refresh_from_db()
    assert (episode.state, request.answer) == (State.SCREENING, "Yes, a bruised arm.")
    deadline.refresh_from_db()
    assert deadline.met_at is not None


def test_decline_keeps_the_patient_registered_with_no_flag(scheme):
    episode = scheme.screening(setting="hospital", explanation="Our branch is in the hospital.")
    services.decline(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "The incident happened in a hospital.",
    )
    assert Episode.objects.get(pk=episode.pk).state == State.DECLINED
    assert not PatientFlag.objects.filter(patient=scheme.patient).exists()
    assert PatientRelationship.objects.filter(
        patient=scheme.patient, organisation=scheme.practice, is_active=True
    ).exists()
    target = Deadline.objects.get(episode=episode, kind="allocation")
    assert target.cancelled_at is not None


def test_decline_closes_every_open_deadline_including_the_written_confirmation(scheme):
    episode = scheme.screening(notice_method="phone")
    open_kinds = set(
        Deadline.objects.filter(episode=episode, met_at__isnull=True).values_list("kind", flat=True)
    )
    assert {"allocation", "written_confirmation"} <= open_kinds
    services.decline(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "Shouting at reception is not violence under the scheme.",
    )
    assert not Deadline.objects.filter(
        episode=episode, met_at__isnull=True, cancelled_at__isnull=True
    ).exists()


def test_decline_needs_a_reason(scheme):
    episode = scheme.screening()
    with pytest.raises(ValidationError):
        services.decline(
            scheme.commissioner_user, scheme.commissioner, episode, episode.version, " "
        )


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(scheme):
    episode = scheme.screening()
    stale = episode.version - 1
    with pytest.raises(ConflictError, match="Someone else changed"):
        services.decline(scheme.commissioner_user, scheme.commissioner, episode, stale, "No")
    assert Episode.objects.get(pk=episode.pk).state == State.SCREENING
