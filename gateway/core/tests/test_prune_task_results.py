"""Finished background tasks' rows are pruned (the job timer runs prune_task_results daily):
successful ones after TASK_RESULTS_KEEP_DAYS, failed ones only after
TASK_RESULTS_KEEP_FAILED_DAYS, so a failure stays long enough to be seen; waiting tasks are
never touched (docs/operations/deployment.md)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gateway.comms.tasks import poll_letter_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RESULTS_KEEP_DAYS = 14
    settings.TASK_RESULTS_KEEP_FAILED_DAYS = 90


def _task(status, days_ago):
    result = poll_letter_statuses.enqueue()
    finished = timezone.now() - timedelta(days=days_ago) if status != "READY" else None
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return str(result.id)


def test_old_successful_tasks_go_failed_ones_stay_for_90_days(database_tasks):
    _task("SUCCESSFUL", 15)
    kept = {_task("SUCCESSFUL", 7), _task("FAILED", 30), _task("READY", 0)}
    _task("FAILED", 91)
    call_command("prune_task_results", stdout=StringIO())
    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == kept


def test_with_a_backend_that_keeps_no_rows_there_is_nothing_to_prune():
    out = StringIO()
    call_command("prune_task_results", stdout=out)
    assert "nothing to prune" in out.getvalue()
