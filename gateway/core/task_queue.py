"""Queueing many background tasks at once (docs/adr/0055). A daily job that owes thousands of
letters queues one task per letter, so each letter is written, retried and seen failing on its
own; ``enqueue_each`` writes those task rows in one INSERT per batch, not one per task, so the
job's cost does not grow with a catch-up backlog.

Call it inside the transaction that marks the work: with the database backend (production) the
task rows then exist if and only if the marks were saved. Any other backend (the immediate one
in tests and the demo's first run) gets each task through its own ``enqueue``."""

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

BATCH = 1000


def enqueue_each(task, arguments):
    """Queue ``task(*args)`` for each tuple in ``arguments``; returns how many were queued."""
    arguments = [tuple(args) for args in arguments]
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        for args in arguments:
            task.enqueue(*args)
        return len(arguments)
    backend.validate_task(task)
    # As DatabaseBackend.enqueue writes one row (django-tasks-db), with its pre_save default
    # for run_after, which a bulk INSERT does not call.
    rows = [
        DBTaskResult(
            id=backend._get_id(),
            args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after or get_date_max(),
            backend_name=backend.alias,
        )
        for args in arguments
    ]
    DBTaskResult.objects.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)
    return len(rows)
