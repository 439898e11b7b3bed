"""Background work (django-tasks) for a person's own record: making a subject access export
(making.py). Safe to be delivered twice: the work is claimed once (gateway/core/jobs.py)."""

from django_tasks import task

from .making import make_export


@task()
def make_subject_access_export(export_id):
    export = make_export(export_id)
    return None if export is None else export.state
