"""Chasing, escalation, pre-release alerts, first appointments, returned post and SAS routing
(docs/domain/gp-registration.md#national-rules,
docs/domain/gp-registration.md#registration-before-release-from-prison). The daily job is run for
given dates."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gateway.comms.models import Message
from gateway.patients.models import PatientFlag
from gateway.registration import services
from gateway.registration.models import RegistrationAlert, RegistrationPolicy, RegistrationReferral
from gateway.sas.states import State
from gateway.sas.tests.factories import EpisodeFactory
from tests.factories import SasPracticeFactory

from .helpers import World, prison_data, referral_data, sent_referral

pytestmark = pytest.mark.django_db
Kind = RegistrationAlert.Kind
D = datetime.date


@pytest.fixture
def world():
    return World()


def _sent_on(referral, day):
    """Pretend the referral was sent on day (dates as send() works them out then)."""
    from gateway.registration.rules import dates
    from gateway.registration.rules.policy import DEFAULT_POLICY

    due = dates.chase_dates(day, DEFAULT_POLICY)
    RegistrationReferral.objects.filter(pk=referral.pk).update(
        sent_on=day, chase_on=due.chase_on, escalate_on=due.escalate_on
    )
    referral.refresh_from_db()
    return referral


def test_no_answer_is_chased_on_the_fifth_working_day_not_before(world):
    referral = _sent_on(sent_referral(world), D(2026, 4, 2))  # before Easter
    letters = Message.objects.count()
    assert services.run_daily(D(2026, 4, 10))["chased"] == 0
    assert services.run_daily(D(2026, 4, 13))["chased"] == 1
    referral.refresh_from_db()
    assert referral.chased_on == D(2026, 4, 13)
    assert Message.objects.count() == letters + 1  # the reminder to the practice
    assert RegistrationAlert.objects.filter(kind=Kind.CHASE, organisation=world.probation).exists()


def test_still_no_answer_is_escalated_to_the_commissioner_five_working_days_later(world):
    referral = _sent_on(sent_referral(world), D(2026, 4, 2))
    services.run_daily(D(2026, 4, 13))
    assert services.run_daily(D(2026, 4, 17))["escalated"] == 0
    assert services.run_daily(D(2026, 4, 20))["escalated"] == 1
    alert = RegistrationAlert.objects.get(kind=Kind.ESCALATION)
    assert alert.organisation == world.commissioner
    assert alert.referral == referral


def test_the_daily_job_is_idempotent(world):
    _sent_on(sent_referral(world), D(2026, 4, 2))
    call_command("registration_daily", date="2026-04-20")
    before = (Message.objects.count(), RegistrationAlert.objects.count())
    call_command("registration_daily", date="2026-04-20")
    assert (Message.objects.count(), RegistrationAlert.objects.count()) == before


def test_an_answer_stops_the_chasing(world):
    referral = _sent_on(sent_referral(world), D(2026, 4, 2))
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=D(2026, 4, 7),
        expected_version=referral.version,
    )
    counts = services.run_daily(D(2026, 4, 20))
    assert counts["chased"] == counts["escalated"] == 0


def test_policy_sets_the_chase_date_when_sent(world):
    RegistrationPolicy.objects.create(
        commissioner=world.commissioner,
        version=1,
        effective_from=D(2020, 1, 1),
        chase_after_working_days=2,
    )
    referral = sent_referral(world)
    assert referral.policy_version == 1
    from gateway.sas.rules.days import add_working_days

    assert referral.chase_on == add_working_days(referral.sent_on, 2)


@time_machine.travel(D(2030, 5, 14), tick=False)
def test_prison_leaver_alerts_start_one_month_before_release_domain_3_3(world):
    # Referred on the first day a practice may register them
    # (docs/domain/gp-registration.md#registration-before-release-from-prison).
    release = D(2030, 6, 14)
    referral = sent_referral(world, data=prison_data(release))
    assert services.run_daily(D(2030, 5, 13))["pre_release"] == 0
    assert services.run_daily(D(2030, 5, 14))["pre_release"] == 1
    alerts = RegistrationAlert.objects.filter(kind=Kind.PRE_RELEASE, referral=referral)
    assert {a.organisation for a in alerts} == {world.probation, world.practice}
    assert "14 June 2030" in alerts.first().detail


def test_prison_leaver_medicines_are_at_most_28_days_and_opioids_14(world):
    with pytest.raises(ValidationError) as error:
        services.refer(
            world.worker,
            world.probation,
            world.person(),
            prison_data(
                datetime.date.today() + datetime.timedelta(days=7),
                medication_days=29,
                opioid_substitution_days=15,
            ),
        )
    assert {"medication_days", "opioid_substitution_days"} <= set(error.value.error_dict)


def test_first_appointment_reminder_after_registration(world):
    referral = sent_referral(world)
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=referral.sent_on,
        expected_version=referral.version,
    )
    services.run_daily(referral.first_appointment_due_on)
    assert RegistrationAlert.objects.filter(
        kind=Kind.FIRST_APPOINTMENT, organisation=world.probation, cleared_at__isnull=True
    ).exists()
    referral.refresh_from_db()
    services.record_first_appointment(
        world.worker,
        world.probation,
        referral,
        attended_on=referral.registered_on,
        expected_version=referral.version,
    )
    assert not RegistrationAlert.objects.filter(
        kind=Kind.FIRST_APPOINTMENT, cleared_at__isnull=True
    ).exists()


def test_returned_post_alerts_the_worker_and_the_practice_domain_3_1_fp69(world):
    referral = sent_referral(world)
    services.record_returned_post(
        world.practice_user, world.practice, referral, returned_on=referral.sent_on
    )
    alerts = RegistrationAlert.objects.filter(kind=Kind.RETURNED_POST)
    assert {a.organisation for a in alerts} == {world.probation, world.practice}
    assert "6 months" in alerts.first().detail


def test_an_sas_flagged_person_is_routed_to_their_sas_practice(world):
    sas_practice = SasPracticeFactory(commissioner=world.commissioner, catchment_districts=["TN1"])
    patient = world.person()
    EpisodeFactory(
        patient=patient,
        commissioner=world.commissioner,
        sas_practice=sas_practice,
        state=State.ALLOCATED,
    )
    PatientFlag.objects.create(
        patient=patient, kind=PatientFlag.Kind.ATTEND_SAS_PRACTICE_ONLY, detail="SAS"
    )
    referral = services.refer(world.worker, world.probation, patient, referral_data())
    choice = services.practice_choice(referral)
    assert [o.pk for o in choice.options] == [sas_practice.pk]
    assert "Special Allocation Scheme" in choice.reason
    with pytest.raises(ValidationError):
        services.choose_practice(
            world.worker, world.probation, referral, world.practice, referral.version
        )
    services.choose_practice(
        world.worker, world.probation, referral, sas_practice, referral.version
    )
    assert "Special Allocation Scheme" in referral.practice_choice_note


def test_practices_offered_cover_the_probation_office_district_for_a_proxy_address(world):
    referral = services.refer(world.worker, world.probation, world.person(), referral_data())
    choice = services.practice_choice(referral)
    assert choice.district == "BN2"
    assert [o.pk for o in choice.options] == [world.practice.pk, world.other_practice.pk]


def test_a_withdrawn_referral_leaves_no_alert_on_anyones_worklist(world):
    referral = sent_referral(world)
    services.record_returned_post(
        world.practice_user, world.practice, referral, returned_on=referral.sent_on
    )
    referral.refresh_from_db()
    services.withdraw(world.worker, world.probation, referral, "Moved away", referral.version)
    assert not RegistrationAlert.objects.filter(referral=referral, cleared_at__isnull=True)
    # The daily job does not chase or escalate it either.
    services.run_daily(today=referral.escalate_on)
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.WITHDRAWN
    assert referral.chased_on is None and referral.escalated_on is None


def test_a_death_withdraws_open_registration_referrals_whoever_made_them(world):
    from django.db import transaction

    referral = sent_referral(world)
    with transaction.atomic():
        count = services.withdraw_on_death(
            world.commissioner_user, world.commissioner, referral.patient, "The person died"
        )
    assert count == 1
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.WITHDRAWN
    change = referral.changes.order_by("id").last()
    assert change.note == "The person died" and change.by_organisation == world.commissioner
