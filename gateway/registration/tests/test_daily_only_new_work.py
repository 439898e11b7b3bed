"""The daily job does only new work (ADR 0044, hazard H57): a second run the same day does
nothing and reports zero; its cost does not grow with referrals handled on earlier days;
something due today after yesterday's run is done today exactly once; a run stopped half way
is completed once by the next run."""

import datetime
import uuid

import pytest

from gateway.comms.models import Message
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationReferral
from gateway.registration.services import chasing, daily

from .helpers import World, prison_data, sent_referral

pytestmark = pytest.mark.django_db
Kind = RegistrationAlert.Kind
Status = RegistrationReferral.Status
D = datetime.date
TODAY = D(2026, 6, 10)


@pytest.fixture
def world():
    return World()


def _set(referral, **values):
    RegistrationReferral.objects.filter(pk=referral.pk).update(**values)
    referral.refresh_from_db()
    return referral


def _due_of_every_kind(world):
    """One referral due for each step on TODAY."""
    chase = _set(
        sent_referral(world), chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=7)
    )
    registered = _set(
        sent_referral(world),
        status=Status.REGISTERED,
        registered_on=D(2026, 5, 1),
        first_appointment_due_on=TODAY,
        chase_on=D(2030, 1, 1),
    )
    refused = _set(
        sent_referral(world),
        status=Status.REFUSED,
        refused_on=D(2026, 5, 1),
        refusal_letter_due_on=TODAY - datetime.timedelta(days=1),
        chase_on=D(2030, 1, 1),
    )
    leaver = _set(
        sent_referral(world, data=prison_data(D(2026, 12, 1))),
        release_date=TODAY + datetime.timedelta(days=20),
        chase_on=D(2030, 1, 1),
    )
    returned = _set(sent_referral(world), chase_on=D(2030, 1, 1))
    services.returned_post(returned, returned_on=D(2026, 1, 2))
    return chase, registered, refused, leaver, returned


def _history(world, n):
    """n referrals of each kind that earlier runs have already handled (copies of real ones,
    so every column is as the services leave it)."""
    handled = _due_of_every_kind(world)
    services.run_daily(TODAY)
    copies = []
    for referral in RegistrationReferral.objects.filter(pk__in=[r.pk for r in handled]):
        for _ in range(n):
            referral.pk, referral.public_id = None, uuid.uuid4()
            copies.append(
                RegistrationReferral(
                    **{
                        f.attname: getattr(referral, f.attname)
                        for f in RegistrationReferral._meta.concrete_fields
                    }
                )
            )
    RegistrationReferral.objects.bulk_create(copies)


def test_second_run_the_same_day_does_nothing_and_reports_zero(world):
    _due_of_every_kind(world)
    first = services.run_daily(TODAY)
    assert first == {
        "chased": 1,
        "escalated": 0,
        "pre_release": 1,
        "first_appointment": 1,
        "refusal_letter": 1,
        "fp69": 2,  # the worker and the practice
        "reminders_queued_again": 0,
    }
    state = (Message.objects.count(), RegistrationAlert.objects.count())
    assert set(services.run_daily(TODAY).values()) == {0}
    assert services.run_daily(TODAY + datetime.timedelta(days=1))["first_appointment"] == 0
    assert (Message.objects.count(), RegistrationAlert.objects.count()) == state


@pytest.mark.parametrize("size", [3, 30])
def test_steady_state_cost_does_not_grow_with_history(world, size, django_assert_max_num_queries):
    """The same query bound with 10× the handled history: each of the eight selections is one
    SELECT in its own transaction (savepoint and release in tests), and one SELECT finds no
    reminder letter still owed from an earlier day."""
    _history(world, size)
    assert RegistrationReferral.objects.count() == 5 * (size + 1)
    with django_assert_max_num_queries(25):
        counts = services.run_daily(TODAY)
    assert set(counts.values()) == {0}


def test_reminder_due_today_after_yesterdays_run_is_sent_today_exactly_once(world):
    referral = _set(
        sent_referral(world), chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=7)
    )
    letters = Message.objects.count()
    assert services.run_daily(TODAY - datetime.timedelta(days=1))["chased"] == 0
    assert services.run_daily(TODAY)["chased"] == 1
    assert services.run_daily(TODAY)["chased"] == 0
    assert Message.objects.count() == letters + 1
    referral.refresh_from_db()
    assert referral.chased_on == TODAY


def test_first_appointment_due_after_yesterdays_run_is_alerted_today_exactly_once(world):
    referral = _set(
        sent_referral(world),
        status=Status.REGISTERED,
        registered_on=D(2026, 5, 1),
        first_appointment_due_on=TODAY,
    )
    assert services.run_daily(TODAY - datetime.timedelta(days=1))["first_appointment"] == 0
    assert services.run_daily(TODAY)["first_appointment"] == 1
    assert services.run_daily(TODAY)["first_appointment"] == 0
    alerts = RegistrationAlert.objects.filter(referral=referral, kind=Kind.FIRST_APPOINTMENT)
    assert [(a.organisation, a.raised_on) for a in alerts] == [(world.probation, TODAY)]


class Stopped(Exception):
    pass


def test_a_run_stopped_half_way_is_completed_once_by_the_next_run(world, monkeypatch):
    refused = [
        _set(
            sent_referral(world),
            status=Status.REFUSED,
            refused_on=D(2026, 5, 1),
            refusal_letter_due_on=D(2026, 5, 15),
        )
        for _ in range(5)
    ]
    monkeypatch.setattr(daily, "BATCH", 2)
    real, calls = daily.raise_alerts, []

    def stop_after_two_batches(*args):
        calls.append(args)
        if len(calls) == 3:
            raise Stopped
        return real(*args)

    monkeypatch.setattr(daily, "raise_alerts", stop_after_two_batches)
    with pytest.raises(Stopped):
        services.run_daily(TODAY)
    overdue = RegistrationAlert.objects.filter(kind=Kind.REFUSAL_LETTER_OVERDUE)
    assert overdue.count() == 4  # two batches finished, the third rolled back
    monkeypatch.setattr(daily, "raise_alerts", real)
    assert services.run_daily(TODAY)["refusal_letter"] == 1
    assert sorted(overdue.values_list("referral_id", flat=True)) == [r.pk for r in refused]
    assert services.run_daily(TODAY)["refusal_letter"] == 0


def test_a_reminder_whose_task_fails_stays_owed_and_is_written_once_the_next_day(
    world, monkeypatch
):
    """The job queues the letters (ADR 0055): a letter's task that fails does not stop the job
    or lose the letter; it stays owed, and the next day's run queues it again."""
    referrals = [
        _set(sent_referral(world), chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=9))
        for _ in range(3)
    ]
    real, calls = chasing.queue_letter, []

    def fail_the_second_letter(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Stopped
        return real(*args, **kwargs)

    letters = Message.objects.count()
    monkeypatch.setattr(chasing, "queue_letter", fail_the_second_letter)
    assert services.run_daily(TODAY)["chased"] == 3
    assert Message.objects.count() == letters + 2
    assert RegistrationReferral.objects.filter(reminder_owed_on=TODAY).count() == 1
    monkeypatch.setattr(chasing, "queue_letter", real)
    assert services.run_daily(TODAY)["reminders_queued_again"] == 0
    counts = services.run_daily(TODAY + datetime.timedelta(days=1))
    assert (counts["chased"], counts["reminders_queued_again"]) == (0, 1)
    reminders = Message.objects.filter(template="registration/reminder")
    assert sorted(reminders.values_list("related_id", flat=True)) == sorted(
        str(r.public_id) for r in referrals
    )
    assert not RegistrationReferral.objects.filter(reminder_owed_on__isnull=False).exists()
    assert services.run_daily(TODAY + datetime.timedelta(days=2))["reminders_queued_again"] == 0


def test_sending_again_after_a_refusal_is_chased_again(world):
    """Sending empties the markers (hazard H57: a reminder missed because the job skips work
    it handled for the earlier sending)."""
    referral = _set(
        sent_referral(world), chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=7)
    )
    services.run_daily(TODAY)
    referral.refresh_from_db()
    assert referral.chased_on == TODAY
    referral = _set(referral, status=Status.REFUSED)
    services.sending.dispatch(None, world.probation, referral, referral.version, "sent again")
    referral.refresh_from_db()
    assert referral.chased_on is None and referral.escalated_on is None
    assert services.run_daily(referral.chase_on)["chased"] == 1
