"""Kept figures are read back only by the code that worked them out (ADR 0064 update, hazard
H76): each row carries a fingerprint of the code, so after a deploy the pages count live
until the job keeps them again, whatever the deploy changed and without anyone remembering
to mark it. The hourly job does not queue an area again while its task waits for a worker
or is being worked on."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import sign_in
from gateway.core.fingerprint import code_version
from gateway.insight import services, tasks
from gateway.insight.models import KeptFigures

from .sas_world import SasWorld, at

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
OTHER_CODE = "0123456789abcdef"


def small_world():
    sas = SasWorld(sas_practices=1)
    day = timezone.localdate() - datetime.timedelta(days=5)
    sas.episode(notice=at(day - datetime.timedelta(days=3)), allocated=at(day))
    return sas


def test_figures_kept_by_other_code_are_not_shown_and_the_job_keeps_them_again(client):
    sas = small_world()
    sign_in(client, sas.user, sas.commissioner)
    url = reverse("insight:dashboard")
    call_command("insight_daily")
    assert "These figures were worked out at " in client.get(url).content.decode()
    # As if kept by the code before a deploy: the page counts live and says no time.
    KeptFigures.objects.update(code_version=OTHER_CODE)
    assert 'id="worked-out"' not in client.get(url).content.decode()
    assert services.areas_to_keep(timezone.localdate()) == [sas.commissioner.pk]
    call_command("insight_daily")
    assert set(KeptFigures.objects.values_list("code_version", flat=True)) == {code_version()}
    assert "These figures were worked out at " in client.get(url).content.decode()


def _queued_areas():
    return sorted(
        row["args"][0]
        for row in DBTaskResult.objects.filter(
            task_path=tasks.keep_figures_of_area.module_path
        ).values_list("args_kwargs", flat=True)
    )


def test_an_area_waiting_for_or_held_by_a_worker_is_not_queued_again(settings):
    settings.TASKS = DATABASE_TASKS
    sas = small_world()
    today = timezone.localdate()
    call_command("insight_daily")
    assert _queued_areas() == [sas.commissioner.pk]
    call_command("insight_daily")  # the task still waits: not queued twice
    assert _queued_areas() == [sas.commissioner.pk]
    task_row = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=task_row.pk).update(status="RUNNING", started_at=timezone.now())
    call_command("insight_daily")  # a worker holds it
    assert _queued_areas() == [sas.commissioner.pk]
    # A worker that took it more than an hour ago and never finished has died with it: the
    # area is queued again, so a lost task costs the area its kept figures for an hour at most.
    DBTaskResult.objects.filter(pk=task_row.pk).update(
        started_at=timezone.now() - tasks.RUNNING_AT_MOST - datetime.timedelta(minutes=1)
    )
    call_command("insight_daily")
    assert _queued_areas() == [sas.commissioner.pk, sas.commissioner.pk]
    # A task of another day does not count for today.
    DBTaskResult.objects.all().delete()
    tasks.keep_figures_of_area.enqueue(
        sas.commissioner.pk, (today - datetime.timedelta(days=1)).isoformat()
    )
    assert tasks.areas_being_kept(today) == set()
    call_command("insight_daily")
    assert _queued_areas() == [sas.commissioner.pk, sas.commissioner.pk]
