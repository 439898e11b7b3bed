"""The insight daily job's work (django-tasks): each area's figures worked out by a task
worker, so `manage.py insight_daily` only queues them and the job timer is not held up for
the minutes every area takes (ADR 0064)."""

import datetime

from django_tasks import task

from . import services


@task()
def keep_figures_of_area(commissioner_id, today):
    """Work out and keep one area's figures for every offered period not kept today."""
    return services.keep_area_by_id(commissioner_id, datetime.date.fromisoformat(today))
