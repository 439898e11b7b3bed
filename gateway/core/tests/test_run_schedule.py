"""The job timer `manage.py run_schedule`: periodic jobs (automatic discharge, letter status
polling) run on their own in `make run`, and one failing job never stops the others."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from gateway.core.management.commands.run_schedule import run_due

pytestmark = pytest.mark.django_db


def test_once_runs_every_scheduled_job(settings):
    settings.SCHEDULED_JOBS = [("sas_daily", 3600), ("poll_letter_statuses", 600)]
    out = StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert "ran: sas_daily, poll_letter_statuses" in out.getvalue()


def test_a_job_runs_again_only_when_its_interval_has_passed():
    last_run = {}
    jobs = [("check", 600)]
    assert run_due(jobs, last_run, now=1000.0) == ["check"]
    assert run_due(jobs, last_run, now=1599.0) == []
    assert run_due(jobs, last_run, now=1600.0) == ["check"]


def test_one_failing_job_does_not_stop_the_others(caplog):
    with caplog.at_level(logging.ERROR):
        ran = run_due([("no_such_command", 60), ("check", 60)], {}, now=0.0)
    assert ran == ["check"]
    assert any(r.getMessage() == "scheduled job failed" for r in caplog.records)


def test_every_part_with_a_daily_job_is_on_the_schedule():
    """Registration chasing and SAS reviews only happen if the timer runs their jobs."""
    from django.conf import settings

    scheduled = {name for name, _ in settings.SCHEDULED_JOBS}
    assert {"sas_daily", "registration_daily", "poll_letter_statuses"} <= scheduled
