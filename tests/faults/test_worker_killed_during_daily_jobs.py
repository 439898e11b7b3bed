"""Fault: the worker dies in the middle of the daily jobs (an exception raised inside a
job's loop, after some letters are queued). The next run completes the rest, once each
(issue 16 item 10, ADR 0044, 0046 and 0055, hazards H57 and H58). The test settings run each
queued letter task at once, so a letter exists exactly when its batch committed."""

import datetime
import io

import pytest
from django.core.management import call_command

from gateway.comms.models import Message
from gateway.registration.models import RegistrationReferral
from gateway.registration.services import chasing, daily
from gateway.registration.tests.helpers import World, sent_referral

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)


class WorkerKilled(BaseException):
    """Not an Exception: nothing in the job may catch it, as with SIGKILL."""


def run_daily_job():
    out = io.StringIO()
    call_command("registration_daily", "--date", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def test_daily_jobs_killed_mid_loop_are_completed_once_by_the_next_run(monkeypatch):
    world = World()
    referrals = [sent_referral(world) for _ in range(5)]
    RegistrationReferral.objects.filter(pk__in=[r.pk for r in referrals]).update(
        chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=9)
    )
    monkeypatch.setattr(daily, "BATCH", 2)
    real, batches_queued = chasing.enqueue_each, []

    def killed_queuing_the_second_batch(task, arguments):
        if batches_queued:
            raise WorkerKilled
        batches_queued.append(len(arguments))
        return real(task, arguments)

    before = Message.objects.count()
    last_before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    monkeypatch.setattr(chasing, "enqueue_each", killed_queuing_the_second_batch)
    with pytest.raises(WorkerKilled):
        run_daily_job()
    # The first batch (two letters) committed; the batch that died rolled back whole.
    assert Message.objects.count() == before + 2
    assert RegistrationReferral.objects.filter(chased_on=TODAY).count() == 2

    monkeypatch.setattr(chasing, "enqueue_each", real)
    assert "chased: 3" in run_daily_job()
    assert "chased: 0" in run_daily_job()  # and a third run finds nothing left
    assert Message.objects.count() == before + 5
    chased = RegistrationReferral.objects.filter(pk__in=[r.pk for r in referrals])
    assert set(chased.values_list("chased_on", flat=True)) == {TODAY}
    # One chase letter per referral, never two.
    per_referral = Message.objects.filter(pk__gt=last_before).values_list("related_id", flat=True)
    assert len(per_referral) == len(set(per_referral)) == 5
