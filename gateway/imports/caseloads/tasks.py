"""The caseload import's background work (django-tasks; gateway/core/jobs.py claims each once
and keeps its progress)."""

from django_tasks import task

from gateway.core import jobs

from . import services
from .models import CaseloadImport


@task()
def check_caseload(pk):
    jobs.run(CaseloadImport, pk, services.check)


@task()
def apply_caseload(pk):
    jobs.run(CaseloadImport, pk, services.apply)


@task()
def forget_old_caseload_files():
    return services.forget_old_files()
