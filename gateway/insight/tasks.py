"""The insight daily job's work (django-tasks): each area's figures worked out by a task
worker, so `manage.py insight_daily` only queues them and the job timer is not held up for
the minutes every area takes (ADR 0064)."""

import datetime

from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import services

# A task a worker took longer ago than this and has not finished is taken to have died with
# its worker: its area is queued again (an area's figures take seconds to minutes).
RUNNING_AT_MOST = datetime.timedelta(hours=1)


@task()
def keep_figures_of_area(commissioner_id, today):
    """Work out and keep one area's figures for every offered period not kept today."""
    return services.keep_area_by_id(commissioner_id, datetime.date.fromisoformat(today))


def areas_being_kept(today):
    """The ids of the areas whose task for today waits for a worker or is being worked on
    (database task backend; none with any other): the hourly job does not queue them again."""
    taken_since = timezone.now() - RUNNING_AT_MOST
    rows = DBTaskResult.objects.filter(task_path=keep_figures_of_area.module_path).filter(
        status=TaskResultStatus.READY
    ) | DBTaskResult.objects.filter(
        task_path=keep_figures_of_area.module_path,
        status=TaskResultStatus.RUNNING,
        started_at__gte=taken_since,
    )
    day = today.isoformat()
    return {
        args_kwargs["args"][0]
        for args_kwargs in rows.values_list("args_kwargs", flat=True)
        if args_kwargs["args"][1:] == [day]
    }
