"""FP69 (docs/domain/gp-registration.md#national-rules): returned post means removal from the
practice list 6 months on unless the address is confirmed. Gateway works out and shows that date,
warns the worker and the practice before it and tells the commissioner when it is near (how far
before: figures of the commissioner's registration policy), and stops once the address is
confirmed."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import sign_in
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationPolicy
from gateway.registration.rules import dates
from gateway.registration.rules.policy import DEFAULT_POLICY, RegistrationPolicyValues

from .helpers import World, sent_referral

D = datetime.date
Kind = RegistrationAlert.Kind


def test_fp69_removal_date_is_six_months_after_the_returned_post():
    fp69 = dates.fp69_dates(D(2026, 3, 31), DEFAULT_POLICY)
    assert fp69.removal_on == D(2026, 9, 30)  # no 31 September: the last day of the month
    assert fp69.warn_from == D(2026, 9, 2)  # 28 days before
    assert fp69.escalate_from == D(2026, 9, 16)  # 14 days before


def test_fp69_warning_and_escalation_days_are_policy_figures():
    policy = RegistrationPolicyValues(version=2, fp69_warning_days=60, fp69_escalation_days=7)
    fp69 = dates.fp69_dates(D(2026, 1, 10), policy)
    assert (fp69.warn_from, fp69.escalate_from) == (D(2026, 5, 11), D(2026, 7, 3))


@pytest.fixture
def world(db):
    return World()


def _returned(world, returned_on):
    referral = sent_referral(world)
    services.returned_post(referral, returned_on=returned_on)
    referral.refresh_from_db()
    return referral


def _open(referral, kind):
    return {
        a.organisation
        for a in RegistrationAlert.objects.filter(
            referral=referral, kind=kind, cleared_at__isnull=True
        )
    }


def test_fp69_returned_post_records_and_shows_the_removal_date(world, client):
    referral = _returned(world, D(2026, 3, 2))
    assert referral.fp69_removal_on == D(2026, 9, 2)
    alert = RegistrationAlert.objects.filter(referral=referral, kind=Kind.RETURNED_POST).first()
    assert (
        "Confirm the address with the practice within 6 months (by 2 September 2026)"
        in alert.detail
    )

    sign_in(client, world.worker, world.probation)
    body = client.get(
        reverse("registration:detail", kwargs={"public_id": referral.public_id})
    ).content.decode()
    assert (
        "Confirm the address by 2 September 2026, or the person may be removed from the "
        "practice list"
    ) in body


def test_fp69_daily_job_warns_the_worker_and_practice_then_tells_the_commissioner(world):
    referral = _returned(world, D(2026, 3, 2))
    services.run_daily(today=D(2026, 8, 4))  # 29 days before: nothing yet
    assert not _open(referral, Kind.FP69_REMOVAL_SOON)

    call_command("registration_daily", date="2026-08-05")  # 28 days before
    assert _open(referral, Kind.FP69_REMOVAL_SOON) == {world.probation, world.practice}
    assert not _open(referral, Kind.FP69_ESCALATION)

    services.run_daily(today=D(2026, 8, 19))  # 14 days before
    assert _open(referral, Kind.FP69_ESCALATION) == {world.commissioner}
    services.run_daily(today=D(2026, 8, 20))  # idempotent
    assert RegistrationAlert.objects.filter(referral=referral).count() == 5


def test_fp69_warning_follows_the_policy_in_force_on_the_returned_post_date(world):
    RegistrationPolicy.objects.create(
        commissioner=world.commissioner,
        version=1,
        effective_from=D(2025, 1, 1),
        fp69_warning_days=60,
        fp69_escalation_days=30,
    )
    referral = _returned(world, D(2026, 3, 2))
    services.run_daily(today=D(2026, 7, 4))  # 60 days before 2 September
    assert _open(referral, Kind.FP69_REMOVAL_SOON) == {world.probation, world.practice}
    assert not _open(referral, Kind.FP69_ESCALATION)


def test_fp69_confirming_the_address_stops_the_alerts(world, client):
    referral = _returned(world, D(2026, 3, 2))
    services.run_daily(today=D(2026, 8, 19))
    sign_in(client, world.practice_user, world.practice)
    response = client.post(
        reverse("registration:address-confirmed", kwargs={"public_id": referral.public_id}),
        {"on_day": 20, "on_month": 8, "on_year": 2026, "version": referral.version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral.refresh_from_db()
    assert referral.address_confirmed_on == D(2026, 8, 20)
    assert not RegistrationAlert.objects.filter(referral=referral, cleared_at__isnull=True)
    services.run_daily(today=D(2026, 8, 25))
    assert not RegistrationAlert.objects.filter(referral=referral, cleared_at__isnull=True)
