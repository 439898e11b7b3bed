"""The daily job's reminder letters are written by the task workers (ADR 0055): with the
database task backend (production) the job marks the chases and queues one task per letter,
in a fixed number of queries whatever the backlog, and writes no letter itself; the tasks then
write each letter once, however often they run, with the letter's text as before."""

import datetime
import io

import pytest
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from gateway.comms.models import Message
from gateway.comms.rendering import letter_pdf
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from gateway.registration.services import chasing

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REMINDER = "registration/reminder"


@pytest.fixture
def world():
    return World()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def _due(world, n):
    referrals = [sent_referral(world) for _ in range(n)]
    RegistrationReferral.objects.filter(pk__in=[r.pk for r in referrals]).update(
        chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=7)
    )
    return referrals


def _run_queued():
    """What a task worker does with each waiting task (db_worker runs task.call the same way);
    returns what the tasks returned."""
    returned = []
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result = row.task_result
        returned.append(row.task.call(*result.args, **result.kwargs))
        DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
    return returned


@pytest.mark.parametrize("backlog", [4, 40])
def test_the_job_queues_one_task_per_reminder_in_queries_that_do_not_grow_with_the_backlog(
    world, database_tasks, backlog, django_assert_max_num_queries
):
    _due(world, backlog)
    letters = Message.objects.count()
    # Per step one SELECT (and a second finding nothing more), one UPDATE, the alerts, the
    # history, the audit rows and the task rows in one INSERT each: the same for 4 or 40.
    with django_assert_max_num_queries(40):
        counts = services.run_daily(TODAY)
    assert counts["chased"] == backlog
    assert Message.objects.count() == letters  # no letter written by the job itself
    assert DBTaskResult.objects.ready().count() == backlog
    assert RegistrationReferral.objects.filter(reminder_owed_on=TODAY).count() == backlog
    assert RegistrationAlert.objects.filter(kind=RegistrationAlert.Kind.CHASE).count() == backlog


def test_each_reminder_is_written_once_however_often_its_task_runs(world, database_tasks):
    referrals = _due(world, 3)
    services.run_daily(TODAY)
    # Queued again by hand, as a run the next day would if the first tasks were lost.
    chasing.queue_owed_reminders_again(TODAY + datetime.timedelta(days=1))
    assert DBTaskResult.objects.ready().count() == 6
    assert sorted(_run_queued()) == [False] * 3 + [True] * 3
    assert _run_queued() == []
    assert chasing.write_reminder.call(referrals[0].pk) is False
    reminders = Message.objects.filter(template=REMINDER)
    assert sorted(reminders.values_list("related_id", flat=True)) == sorted(
        str(r.public_id) for r in referrals
    )
    assert not RegistrationReferral.objects.filter(reminder_owed_on__isnull=False).exists()
    # Running the job again, the same day or the next, queues nothing more.
    assert services.run_daily(TODAY)["chased"] == 0
    assert services.run_daily(TODAY + datetime.timedelta(days=1))["reminders_queued_again"] == 0
    assert DBTaskResult.objects.ready().count() == 0


def test_the_reminder_written_by_the_task_says_what_it_said_when_the_job_wrote_it(
    world, database_tasks
):
    (referral,) = _due(world, 1)
    services.run_daily(TODAY)
    _run_queued()
    letter = Message.objects.get(template=REMINDER)
    reader = PdfReader(io.BytesIO(letter_pdf(letter.body_html)))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    patient = referral.patient
    assert letter.recipient_organisation == world.practice
    assert letter.subject == "Reminder: please answer a registration referral"
    assert "To the registration team, Albion Surgery," in text
    assert f"asking you to register {patient.full_name}" in text
    assert "Please accept or refuse it in Gateway by 17 June 2026." in text
    assert letter.address_lines[0] == "Albion Surgery"


def test_a_referral_answered_before_its_reminder_is_written_gets_no_reminder(world, database_tasks):
    (referral,) = _due(world, 1)
    services.run_daily(TODAY)
    referral.refresh_from_db()
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=TODAY,
        expected_version=referral.version,
    )
    assert _run_queued() == [False]
    assert not Message.objects.filter(template=REMINDER).exists()
    referral.refresh_from_db()
    assert referral.reminder_owed_on is None
