"""A refused registration is not a dead end (docs/domain/gp-registration.md#national-rules: a
practice may refuse only on reasonable grounds). The referrer sees the refusal as an alert and
chooses another practice, challenges the refusal or stops; a challenge reaches the commissioner's
worklist with the referral's history, and the commissioner records contacting the practice and the
outcome."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.registration import evidence, services
from gateway.registration.models import (
    ReferralChange,
    RefusalReason,
    RegistrationAlert,
    RegistrationReferral,
)

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db
Status = RegistrationReferral.Status
Kind = RegistrationAlert.Kind
Outcome = RegistrationReferral.CommissionerOutcome


@pytest.fixture
def world():
    return World()


def _refused(world, code="list_closed"):
    referral = sent_referral(world)
    services.refuse(
        world.practice_user,
        world.practice,
        referral,
        reason=RefusalReason.objects.get(code=code),
        detail="We are full",
        expected_version=referral.version,
    )
    referral.refresh_from_db()
    return referral


def _text(response):
    return response.content.decode()


def _open(kind, organisation):
    return RegistrationAlert.objects.filter(
        kind=kind, organisation=organisation, cleared_at__isnull=True
    )


def test_refusal_only_on_reasonable_grounds_the_referrer_sees_a_refusal_as_an_alert_with_next_steps(
    world, client
):
    referral = _refused(world)
    sign_in(client, world.worker, world.probation)
    home = _text(client.get(reverse("core:home")))
    assert "1 alert needs your attention" in home
    page = _text(client.get(reverse("registration:detail", args=[referral.public_id])))
    assert "The practice refused: choose what to do next" in page
    assert "Choose what to do next" in page
    assert reverse("registration:after-refusal", args=[referral.public_id]) in page
    listing = _text(client.get(reverse("registration:list")))
    assert "The practice refused: choose what to do next" in listing


def test_refusal_only_on_reasonable_grounds_a_challenge_goes_to_the_commissioner_with_history(
    world, client
):
    referral = _refused(world)
    sign_in(client, world.worker, world.probation)
    url = reverse("registration:after-refusal", args=[referral.public_id])
    response = client.post(
        url,
        {
            "next_step": "challenge",
            "reason": "The practice list is open: its website says so",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.after_refusal == RegistrationReferral.AfterRefusal.CHALLENGED
    assert not _open(Kind.REFUSED, world.probation).exists()
    assert _open(Kind.REFUSAL_CHALLENGED, world.commissioner).count() == 1

    sign_in(client, world.commissioner_user, world.commissioner)
    assert "1 item needs your attention" in _text(client.get(reverse("core:home")))
    worklist = _text(client.get(reverse("registration:worklist")))
    assert referral.patient.full_name in worklist
    assert "The referrer challenged the refusal" in worklist
    assert "The practice list is open: its website says so" in worklist
    page = _text(client.get(reverse("registration:detail", args=[referral.public_id])))
    # The referral's history travels with the challenge: sent, refused, challenged.
    assert "Sent by" in page and "Refused by" in page
    assert "Refusal challenged by" in page
    assert "Record contacting the practice" in page
    assert AuditEvent.objects.filter(
        object_id=str(referral.public_id), detail__after_refusal="challenged"
    ).exists()


def test_refusal_only_on_reasonable_grounds_a_challenge_needs_a_reason_else_nothing_is_written(
    world, client
):
    referral = _refused(world)
    sign_in(client, world.worker, world.probation)
    response = client.post(
        reverse("registration:after-refusal", args=[referral.public_id]),
        {"next_step": "challenge", "reason": "  ", "version": referral.version},
    )
    assert response.status_code == 200
    assert "Say why the refusal is wrong" in _text(response)
    referral.refresh_from_db()
    assert referral.after_refusal == ""
    assert not _open(Kind.REFUSAL_CHALLENGED, world.commissioner).exists()


def test_refusal_only_on_reasonable_grounds_after_the_commissioners_call_the_practice_registers(
    world, client
):
    referral = _refused(world, code="no_id")  # not a reasonable ground: flagged
    assert _open(Kind.NOT_REASONABLE_REFUSAL, world.commissioner).exists()
    sign_in(client, world.commissioner_user, world.commissioner)
    today = timezone.localdate()
    response = client.post(
        reverse("registration:practice-contacted", args=[referral.public_id]),
        {
            "on_day": today.day,
            "on_month": today.month,
            "on_year": today.year,
            "note": "The practice manager agreed ID is not needed",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.practice_contacted_on == today
    response = client.post(
        reverse("registration:refusal-outcome", args=[referral.public_id]),
        {
            "outcome": Outcome.PRACTICE_WILL_REGISTER,
            "note": "They will register him this week",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    assert not _open(Kind.NOT_REASONABLE_REFUSAL, world.commissioner).exists()
    told = _open(Kind.REFUSAL_REVIEWED, world.probation).get()
    assert "Albion Surgery agreed to register them" in told.detail
    # The practice answers again, and can now accept.
    services.accept(
        world.practice_user,
        world.practice,
        referral,
        registered_on=today,
        expected_version=referral.version,
    )
    referral.refresh_from_db()
    assert referral.status == Status.REGISTERED
    events = list(ReferralChange.objects.filter(referral=referral).values_list("event", flat=True))
    assert events[-4:] == [
        "commissioner contacted the practice",
        "commissioner's outcome",
        "sent again",
        "accepted",
    ]


def test_refusal_only_on_reasonable_grounds_the_commissioner_assigns_another_practice(
    world, client
):
    referral = _refused(world, code="no_proof_of_address")
    sign_in(client, world.commissioner_user, world.commissioner)
    url = reverse("registration:refusal-outcome", args=[referral.public_id])
    page = _text(client.get(url))
    assert "Zed Surgery" in page and "Albion Surgery</option>" not in page
    response = client.post(
        url,
        {
            "outcome": Outcome.PRACTICE_ASSIGNED,
            "practice": "",
            "note": "Assigned to a practice with an open list",
            "version": referral.version,
        },
    )
    assert "Choose the practice to assign" in _text(response)
    response = client.post(
        url,
        {
            "outcome": Outcome.PRACTICE_ASSIGNED,
            "practice": str(world.other_practice.public_id),
            "note": "Assigned to a practice with an open list",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    new = RegistrationReferral.objects.get(follows=referral)
    assert new.status == Status.SENT and new.practice == world.other_practice
    assert Message.objects.filter(recipient_organisation=world.other_practice).exists()
    referral.refresh_from_db()
    assert referral.status == Status.REFUSED  # the refusal stays in the evidence
    assert referral.commissioner_outcome == Outcome.PRACTICE_ASSIGNED
    sign_in(client, world.worker, world.probation)
    page = _text(client.get(reverse("registration:detail", args=[referral.public_id])))
    assert "The commissioner assigned Zed Surgery" in page
    assert reverse("registration:detail", args=[new.public_id]) in page
    assert "Choose what to do next" not in page


def test_refusal_only_on_reasonable_grounds_the_referrer_chooses_another_practice(world, client):
    referral = _refused(world)
    sign_in(client, world.worker, world.probation)
    response = client.post(
        reverse("registration:after-refusal", args=[referral.public_id]),
        {"next_step": "another_practice", "reason": "", "version": referral.version},
    )
    new = RegistrationReferral.objects.get(follows=referral)
    assert response["Location"] == reverse("registration:choose", args=[new.public_id])
    assert new.status == Status.CHOOSING_PRACTICE and new.consent_id == referral.consent_id
    response = client.post(
        reverse("registration:choose", args=[new.public_id]),
        {"practice": str(world.other_practice.public_id), "version": new.version},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.status == Status.SENT
    referral.refresh_from_db()
    assert referral.status == Status.REFUSED
    assert not _open(Kind.REFUSED, world.probation).exists()
    refusals = evidence.all_tables(world.commissioner)
    assert any("Albion Surgery" in str(row) for table in refusals for row in table.rows)


def test_refusal_only_on_reasonable_grounds_when_the_refusal_stands_the_referrer_can_still_move_on(
    world,
):
    referral = _refused(world, code="no_id")
    services.challenge_refusal(
        world.worker, world.probation, referral, "ID is not needed", referral.version
    )
    services.record_refusal_outcome(
        world.commissioner_user,
        world.commissioner,
        referral,
        outcome=Outcome.REFUSAL_STANDS,
        note="The person lives outside the boundary",
        expected_version=referral.version,
    )
    referral.refresh_from_db()
    assert services.next_steps_open(referral)
    assert not services.can_challenge(referral)
    services.stop_after_refusal(
        world.worker, world.probation, referral, "They moved away", referral.version
    )
    referral.refresh_from_db()
    assert referral.after_refusal == RegistrationReferral.AfterRefusal.WITHDRAWN
    assert referral.status == Status.REFUSED
    assert not RegistrationAlert.objects.filter(
        referral=referral, organisation=world.probation, cleared_at__isnull=True
    ).exists()


def test_the_referral_shows_the_proxy_address_itself_not_our_office(world, client):
    referral = sent_referral(world)
    sign_in(client, world.worker, world.probation)
    page = _text(client.get(reverse("registration:detail", args=[referral.public_id])))
    assert "1 Edward Street" in page and "BN2 0JS" in page
    assert f"Care of {world.probation.name}" in page
    assert "Our office as a proxy address" not in page
