"""The scheme's scheduled jobs (django-tasks). ``manage.py sas_daily`` runs them once a day
(cron, or the platform's scheduler); each is safe to run again on the same day."""

import datetime
import logging

from django_tasks import task

from .services import caseload_dates, discharge, reviews

logger = logging.getLogger(__name__)


def _day(today):
    # Task arguments travel as JSON, so a date comes as "2026-03-01".
    return datetime.date.fromisoformat(today) if today else None


@task()
def schedule_missing_reviews(today=None):
    """Every episode on the scheme has its next review scheduled from the policy."""
    return reviews.schedule_missing_reviews(today=_day(today))


@task()
def request_due_review_inputs(today=None):
    """Four weeks before each review: ask for the inputs and invite the patient."""
    return reviews.request_due_review_inputs(today=_day(today))


@task()
def discharge_overdue_plans(today=None):
    """Automatic discharge when the discharge-by date has passed and the policy says so."""
    return discharge.discharge_overdue_plans(today=_day(today))


@task()
def move_on_passed_appeal_windows(today=None):
    """A support worker's clients whose last day to appeal has passed sort by their next
    date again."""
    return caseload_dates.move_on_passed_appeal_windows(today=_day(today))


DAILY = (
    schedule_missing_reviews,
    request_due_review_inputs,
    discharge_overdue_plans,
    move_on_passed_appeal_windows,
)


def run_daily(today=None):
    """Run every daily job now, in order; returns {job name: count}."""
    counts = {}
    for job in DAILY:
        counts[job.name] = job.call(today.isoformat() if today else None)
        logger.info("sas daily job done", extra={"job": job.name, "count": counts[job.name]})
    return counts
