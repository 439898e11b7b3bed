"""Delete finished background tasks' rows (django-tasks-db keeps every one for ever): successful
ones older than settings.TASK_RESULTS_KEEP_DAYS, failed ones older than
settings.TASK_RESULTS_KEEP_FAILED_DAYS, so a failure stays visible long enough to be looked
into (docs/operations/deployment.md). Waiting and running tasks are never touched. The job
timer runs it daily (settings.SCHEDULED_JOBS); with a task backend that keeps no rows (tests'
immediate backend) it does nothing."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend


class Command(BaseCommand):
    help = "Delete finished background task rows past their retention (failed ones kept longer)"

    def handle(self, *args, **options):
        if not isinstance(task_backends["default"], DatabaseBackend):
            self.stdout.write("The task backend keeps no rows: nothing to prune")
            return
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
            failed_min_age_days=settings.TASK_RESULTS_KEEP_FAILED_DAYS,
            verbosity=options.get("verbosity", 1),
            stdout=self.stdout,
        )
