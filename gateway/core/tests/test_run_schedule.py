"""The job timer `manage.py run_schedule`: periodic jobs (automatic discharge, letter status
polling) run on their own in `make run`, one failing job never stops the others, and several
timers at once run each job once per interval, never the same job twice at the same time
(docs/adr/0052; two real timer processes: test_two_workers_and_two_timers.py)."""

import itertools
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.core import schedule
from gateway.core.management.commands import run_schedule
from gateway.core.management.commands.run_schedule import run_due
from gateway.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


def test_once_runs_every_scheduled_job(settings):
    settings.SCHEDULED_JOBS = [("sas_daily", 3600), ("poll_letter_statuses", 600)]
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert "ran: sas_daily, poll_letter_statuses" in out.getvalue()


def test_a_job_runs_again_only_when_its_interval_has_passed():
    start = timezone.now()
    jobs = [("check", 600)]
    assert run_due(jobs, now=start) == ["check"]
    assert run_due(jobs, now=start + timedelta(seconds=599)) == []
    assert run_due(jobs, now=start + timedelta(seconds=600)) == ["check"]


def test_two_timers_between_them_run_a_job_once_per_interval():
    start = timezone.now()
    jobs = [("check", 600)]
    assert run_due(jobs, now=start, timer="host-a:1") == ["check"]
    assert run_due(jobs, now=start + timedelta(seconds=1), timer="host-b:2") == []
    assert run_due(jobs, now=start + timedelta(seconds=600), timer="host-b:2") == ["check"]
    assert run_due(jobs, now=start + timedelta(seconds=601), timer="host-a:1") == []


def test_a_job_another_timer_is_running_is_not_started_even_when_due():
    start = timezone.now()
    schedule.ensure_rows(["sas_daily"], start)
    assert schedule.claim("sas_daily", 60, start, "host-a:1")
    # A minute on, the job is due again, but host a is still running it.
    later = start + timedelta(seconds=60)
    assert not schedule.claim("sas_daily", 60, later, "host-b:2")
    schedule.release("sas_daily", "host-a:1")
    assert schedule.claim("sas_daily", 60, later, "host-b:2")


def test_a_timer_that_died_mid_job_holds_it_for_an_hour_at_most():
    start = timezone.now()
    schedule.ensure_rows(["sas_daily"], start)
    assert schedule.claim("sas_daily", 60, start, "host-a:1")  # and then host a dies
    hour = timedelta(seconds=schedule.MIN_HOLD_SECONDS)
    assert not schedule.claim("sas_daily", 60, start + hour - timedelta(seconds=1), "host-b:2")
    assert schedule.claim("sas_daily", 60, start + hour, "host-b:2")
    # Host a, back at last, does not free the job host b is running.
    schedule.release("sas_daily", "host-a:1")
    assert ScheduledJob.objects.get(name="sas_daily").running_until is not None


def test_a_failed_job_is_freed_for_the_next_interval(caplog):
    start = timezone.now()
    with caplog.at_level(logging.ERROR):
        assert run_due([("no_such_command", 60)], now=start) == []
    job = ScheduledJob.objects.get(name="no_such_command")
    assert job.running_until is None
    assert job.next_run_at == start + timedelta(seconds=60)


def test_one_failing_job_does_not_stop_the_others(caplog):
    with caplog.at_level(logging.ERROR):
        ran = run_due([("no_such_command", 60), ("check", 60)])
    assert ran == ["check"]
    assert any(r.getMessage() == "scheduled job failed" for r in caplog.records)


def test_every_part_with_a_daily_job_is_on_the_schedule():
    """Registration chasing and SAS reviews only happen if the timer runs their jobs."""
    from django.conf import settings

    scheduled = {name for name, _ in settings.SCHEDULED_JOBS}
    assert {"sas_daily", "registration_daily", "poll_letter_statuses"} <= scheduled


def test_the_audit_sealer_runs_about_every_30_seconds_not_up_to_a_minute_apart(settings):
    """The timer wakes every POLL_SECONDS on a fixed cadence; a pass reaches the sealer a
    moment after it wakes, sometimes sooner than last time (jobs before it in the list had
    less to do). Waking only every 30 s, a pass a tenth of a second earlier than the last
    found the sealer not yet due and it waited a whole minute."""
    every = dict(settings.SCHEDULED_JOBS)["audit_seal"]
    start = timezone.now()
    # When in each pass the timer reaches the job: a little after waking, by varying amounts.
    reached = [0.3, 0.1, 0.2, 0.05, 0.4]
    runs, elapsed = [], 0.0
    for number in range(40 * 60 // every):
        now = start + timedelta(seconds=elapsed + reached[number % len(reached)])
        if run_due([("check", every)], now=now):
            runs.append(now)
        elapsed += run_schedule.seconds_to_next_wake(elapsed + 0.5)  # the pass took 0.5 s
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(runs)]
    assert every == 30
    assert max(gaps) <= every + run_schedule.POLL_SECONDS <= 40


def test_finished_task_rows_are_pruned_daily(settings):
    assert ("prune_task_results", 24 * 60 * 60) in settings.SCHEDULED_JOBS
