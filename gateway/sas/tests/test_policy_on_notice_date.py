"""Which scheme policy governs a removal: the version in force on the day notice was given
(the removal took effect then), not the one in force when someone looks at it or files it."""

import datetime

import pytest
from django.utils import timezone

from conftest import sign_in
from gateway.sas.models import Deadline
from gateway.sas.rules import APPROVAL_NEEDED
from gateway.sas.services.reports import policy_for_notice

from .factories import SchemePolicyFactory
from .report_helpers import Scheme

pytestmark = pytest.mark.django_db


def _notice_days_ago(days):
    return timezone.now().replace(microsecond=0) - datetime.timedelta(days=days)


def _report(scheme, notice, **overrides):
    """Notice by phone; the police told 8 days after the incident (late under a 7-day
    policy, in time under a 10-day one)."""
    incident = notice - datetime.timedelta(days=8, hours=1)
    return scheme.report(
        incident_at=incident,
        police_reported_at=notice - datetime.timedelta(minutes=30),
        notice_given_at=notice,
        notice_method="phone",
        explanation="The police were told late because the patient left before we could.",
        **overrides,
    )


def _second_version(scheme, effective_from):
    return SchemePolicyFactory(
        commissioner=scheme.commissioner,
        version=2,
        effective_from=effective_from,
        allocation_target_hours=48,
    )


def test_policy_on_notice_date_a_change_effective_after_the_notice_does_not_change_the_deadlines():
    scheme = Scheme()
    notice = _notice_days_ago(10)
    _second_version(scheme, timezone.localdate() - datetime.timedelta(days=5))

    episode = _report(scheme, notice)

    report = episode.removal_report
    assert report.screening_policy == scheme.policy
    assert report.screening_route == APPROVAL_NEEDED  # police told 8 days on: national 7
    written = Deadline.objects.get(episode=episode, kind="written_confirmation")
    allocation = Deadline.objects.get(episode=episode, kind="allocation")
    assert written.policy == scheme.policy and allocation.policy == scheme.policy
    assert written.due_on == timezone.localtime(notice).date() + datetime.timedelta(days=6)
    assert allocation.due_at == notice + datetime.timedelta(hours=24)


def test_policy_on_notice_date_a_change_effective_before_the_notice_does_apply():
    scheme = Scheme()
    notice = _notice_days_ago(10)
    newer = _second_version(scheme, timezone.localdate() - datetime.timedelta(days=20))

    episode = _report(scheme, notice)

    report = episode.removal_report
    assert report.screening_policy == newer
    assert report.screening_route == APPROVAL_NEEDED  # the 7-day rule is national
    written = Deadline.objects.get(episode=episode, kind="written_confirmation")
    allocation = Deadline.objects.get(episode=episode, kind="allocation")
    assert written.policy == newer and allocation.policy == newer
    # Written confirmation is national (7 days, the notice day is day 1) in every version.
    assert written.due_on == timezone.localtime(notice).date() + datetime.timedelta(days=6)
    assert allocation.due_at == notice + datetime.timedelta(hours=48)


def test_policy_on_notice_date_the_screening_page_names_the_version(client):
    scheme = Scheme()
    notice = _notice_days_ago(10)
    _second_version(scheme, timezone.localdate() - datetime.timedelta(days=5))
    episode = _report(scheme, notice)

    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    page = client.get(f"/sas/episodes/{episode.public_id}/screen")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Worked out under scheme policy version 1, the version in force on" in body
    assert policy_for_notice(scheme.practice, notice) == scheme.policy
