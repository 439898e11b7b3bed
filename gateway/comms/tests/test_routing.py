"""One outbox routed by the person's contact plan (ADR 0012): the
worker picks the first usable route, falls back along the plan when a route fails, hands over
in person, and marks the person unreachable when nothing is left. The real Notify client
runs against the local fake of the Notify API."""

import datetime
import json

import pytest
import textstat
from django.urls import reverse

from gateway.audit.models import AuditEvent
from gateway.comms import routing
from gateway.comms.models import DeliveryAttempt, Message
from gateway.patients.models import ContactRoute, PatientFlag
from tests import factories

from .routing_helpers import Kind, address, no_fixed_abode, route, tries, worker_route

pytestmark = pytest.mark.django_db
Status = Message.Status
Outcome = DeliveryAttempt.Outcome
TOKEN = "callback-secret-routing"


def callback(client, message, status):
    return client.post(
        reverse("comms:notify-callback"),
        data=json.dumps(
            {"id": message.notify_id, "reference": message.reference, "status": status}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )


def refresh(*messages):
    for message in messages:
        message.refresh_from_db()


@pytest.fixture
def notify(fake_notify, settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    return fake_notify


def test_one_message_through_every_path(client, notify, practice, send, worker_org, worker):
    """One message through every path: text delivered; text permanent failure falls back to email,
    delivered; a letter to a no-fixed-abode address is never attempted and goes to the
    support worker, who confirms the hand-over; every attempt is recorded."""
    patient = factories.PatientFactory()
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    route(patient, Kind.EMAIL, 2, email_address="alex@example.com")

    # 1. Text delivered.
    first = send(practice, patient)
    (text,) = tries(first)
    assert (text.kind, text.status, text.route_kind) == (
        Message.Kind.TEXT,
        Status.SENDING,
        "mobile",
    )
    assert first.status == Status.SENDING
    callback(client, text, "delivered")
    refresh(first, text)
    assert (text.status, first.status) == (Status.DELIVERED, Status.DELIVERED)

    # 2. Text permanent failure -> email -> delivered.
    second = send(practice, patient)
    callback(client, tries(second)[0], "permanent-failure")
    text, email = tries(second)
    assert (text.status, email.kind, email.status) == (
        Status.PERMANENT_FAILURE,
        Message.Kind.EMAIL,
        Status.SENDING,
    )
    assert email.email_address == "alex@example.com"
    callback(client, email, "delivered")
    second.refresh_from_db()
    assert second.status == Status.DELIVERED
    assert len(notify.sent) == 3  # one text, then one text and one email: nothing twice

    # 3. No fixed abode: the letter is never attempted; the support worker hands it over.
    homeless = factories.PatientFactory()
    route(homeless, Kind.POSTAL, 1, address=no_fixed_abode(homeless))
    worker_route(homeless, 2, worker_org, worker)
    sent_before = len(notify.requests)
    third = send(practice, homeless)
    (handover,) = tries(third)
    assert len(notify.requests) == sent_before  # nothing went to Notify
    assert (handover.kind, handover.status) == (Message.Kind.IN_PERSON, Status.TO_HAND_OVER)
    assert (handover.handover_organisation, handover.handover_worker) == (worker_org, worker)
    assert third.status == Status.TO_HAND_OVER
    skipped = third.attempts_made.get(outcome=Outcome.SKIPPED)
    assert skipped.route_kind == "postal" and "No fixed abode" in skipped.error

    routing.confirm_handover(worker, worker_org, handover, datetime.date.today())
    refresh(third, handover)
    assert (handover.status, third.status) == (Status.DELIVERED, Status.DELIVERED)
    assert handover.handed_over_by == worker

    # All attempts recorded, route by route.
    assert list(second.attempts_made.values_list("outcome", "route_kind")) == [
        (Outcome.ROUTED, "mobile"),
        (Outcome.ROUTED, "email"),
    ]
    assert list(text.attempts_made.values_list("outcome", flat=True)) == [
        Outcome.ACCEPTED,
        Outcome.STATUS,
    ]
    assert list(handover.attempts_made.values_list("outcome", flat=True)) == [Outcome.HANDED_OVER]
    assert AuditEvent.objects.filter(object_id=str(handover.public_id)).exists()


def test_notify_refusing_a_text_moves_on_to_the_next_route_at_once(notify, practice, send):
    patient = factories.PatientFactory()
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    route(patient, Kind.POSTAL, 2, address=address(patient))
    notify.answer_next_sends(400)
    message = send(practice, patient)
    text, letter = tries(message)
    assert text.status == Status.PERMANENT_FAILURE
    assert (letter.kind, letter.status) == (Message.Kind.LETTER, Status.SENDING)
    assert letter.address_lines[-1] == "BN3 2PF"
    assert letter.pdf and letter.notify_id


def test_notify_500_then_201_delivers_once(notify, practice, send):
    patient = factories.PatientFactory()
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    notify.answer_next_sends(500)
    message = send(practice, patient)
    (text,) = tries(message)
    assert len(notify.sent) == 1
    assert list(text.attempts_made.values_list("outcome", flat=True)) == [
        Outcome.RETRY,
        Outcome.ACCEPTED,
    ]
    assert message.status == Status.SENDING


def test_returned_letter_moves_on_to_the_next_route(client, notify, practice, send):
    patient = factories.PatientFactory()
    route(patient, Kind.POSTAL, 1, address=address(patient))
    route(patient, Kind.EMAIL, 2, email_address="alex@example.com")
    message = send(practice, patient)
    (letter,) = tries(message)
    callback(client, letter, "returned-letter")
    letter_again, email = tries(message)
    assert letter_again.status == Status.RETURNED
    assert email.kind == Message.Kind.EMAIL and email.status == Status.SENDING


def test_polled_letter_failure_moves_on(notify, practice, send):
    from gateway.comms.tasks import poll_letter_statuses

    patient = factories.PatientFactory()
    route(patient, Kind.POSTAL, 1, address=address(patient))
    route(patient, Kind.MOBILE, 2, phone_number="07700900123")
    message = send(practice, patient)
    notify.set_status(tries(message)[0].notify_id, "validation-failed")
    poll_letter_statuses.enqueue()
    assert [t.kind for t in tries(message)] == [Message.Kind.LETTER, Message.Kind.TEXT]


def test_bounced_email_with_nothing_left_makes_the_person_unreachable(
    client, notify, practice, send
):
    patient = factories.PatientFactory()
    route(patient, Kind.EMAIL, 1, email_address="alex@example.com")
    route(patient, Kind.MOBILE, 2, phone_number="07700900123", safety=ContactRoute.Safety.NEVER)
    message = send(practice, patient)
    callback(client, tries(message)[0], "permanent-failure")
    message.refresh_from_db()
    assert message.status == Status.UNREACHABLE
    notes = list(message.attempts_made.values_list("outcome", "error"))
    assert (Outcome.SKIPPED, "Marked never to send here.") in notes
    assert notes[-1][0] == Outcome.FAILED
    assert len(notify.sent) == 1  # never to the unsafe phone


def test_no_contact_routes_fall_back_to_the_current_address(notify, practice, send):
    patient = factories.PatientFactory(given_name="Morwenna", family_name="Pengelly")
    address(patient)
    message = send(practice, patient)
    (letter,) = tries(message)
    assert letter.route_kind == routing.CURRENT_ADDRESS
    assert letter.address_lines == ["Morwenna Pengelly", "4 Sea View", "Hove", "BN3 2PF"]
    assert letter.status == Status.SENDING


def test_no_contact_routes_and_no_fixed_abode_is_never_posted(notify, practice, send):
    patient = factories.PatientFactory()
    no_fixed_abode(patient)
    message = send(practice, patient)
    assert tries(message) == []
    assert notify.requests == []
    assert message.status == Status.UNREACHABLE
    skipped = message.attempts_made.get(outcome=Outcome.SKIPPED)
    assert skipped.route_kind == routing.CURRENT_ADDRESS and "No fixed abode" in skipped.error


def test_do_not_send_letters_flag_stops_the_implicit_address_route(notify, practice, send):
    patient = factories.PatientFactory()
    address(patient)
    PatientFlag.objects.create(patient=patient, kind=PatientFlag.Kind.DO_NOT_SEND_LETTERS)
    message = send(practice, patient)
    assert message.status == Status.UNREACHABLE and notify.requests == []


def test_worker_route_without_consent_is_not_used(notify, practice, send, worker_org, worker):
    patient = factories.PatientFactory()
    worker_route(patient, 1, worker_org, worker, consent=False)
    route(patient, Kind.MOBILE, 2, phone_number="07700900123")
    message = send(practice, patient)
    assert [t.kind for t in tries(message)] == [Message.Kind.TEXT]


def test_in_person_route_is_a_task_for_the_practice(notify, practice, send):
    patient = factories.PatientFactory()
    sas = factories.SasPracticeFactory()
    route(patient, Kind.IN_PERSON, 1, in_person_organisation=sas)
    message = send(practice, patient)
    (handover,) = tries(message)
    assert (handover.handover_organisation, handover.handover_worker) == (sas, None)
    assert handover.status == Status.TO_HAND_OVER


def test_a_letter_only_message_by_text_says_there_is_a_letter_and_who_can_help(
    notify, practice, send, worker_org, worker
):
    from django.utils import timezone

    from gateway.sas.models import Episode  # noqa: F401 - the template's context is an episode

    sas = factories.SasPracticeFactory(name="Brighton SAS Practice")
    patient = factories.PatientFactory(related_to=[sas])
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    worker_route(patient, 2, worker_org, worker)
    context = {
        "episode": type(
            "E",
            (),
            {
                "patient": patient,
                "removing_practice": practice,
                "commissioner": factories.CommissionerFactory(),
            },
        )(),
        "reason": "",
        "today": timezone.localdate(),
    }
    message = send(practice, patient, template="sas/report_declined_patient", context=context)
    (text,) = tries(message)
    body = notify.sent[0]["payload"]["personalisation"]["body"]
    assert body == text.body_text
    assert "We have a letter for you" in body
    assert "Brighton Outreach" in body and practice.name in body
    assert "Brighton SAS Practice" in body  # their SAS practice can help too
    assert "GP practice" not in body  # never what the letter is about: the phone may be shared


@pytest.mark.parametrize(
    "template", ["texts/comms/letter_waiting.jinja", "emails/comms/letter_waiting.jinja"]
)
def test_letter_waiting_notice_reads_at_about_age_nine(template):
    from django.template import engines

    org = factories.PracticeFactory.build(name="Brighton Outreach", phone="01273 000000")
    text = (
        engines["jinja2"]
        .env.get_template(template)
        .render(helpers=["Brighton Outreach"], sender=org)
    )
    # US grade 4 is a reading age of about 9. Coleman-Liau counts letters, not syllables
    # (textstat's syllable counts need a word list downloaded at run time).
    assert textstat.coleman_liau_index(text) <= 4


def test_sending_again_never_makes_a_second_try(notify, practice, send):
    from gateway.comms.tasks import send_message

    patient = factories.PatientFactory()
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    message = send(practice, patient)
    send_message.enqueue(message.pk)
    send_message.enqueue(tries(message)[0].pk)
    assert len(tries(message)) == 1 and len(notify.sends) == 1


def test_without_a_notify_key_the_try_is_held_in_the_outbox(practice, send, settings):
    settings.NOTIFY_API_KEY = ""
    patient = factories.PatientFactory()
    route(patient, Kind.MOBILE, 1, phone_number="07700900123")
    message = send(practice, patient)
    (text,) = tries(message)
    assert text.status == Status.HELD_IN_OUTBOX == message.status


def test_hand_over_date_must_not_be_in_the_future(notify, practice, send, worker_org, worker):
    patient = factories.PatientFactory()
    worker_route(patient, 1, worker_org, worker)
    (handover,) = tries(send(practice, patient))
    with pytest.raises(routing.HandoverError):
        routing.confirm_handover(
            worker, worker_org, handover, datetime.date.today() + datetime.timedelta(days=1)
        )
    other = factories.PartnerFactory()
    with pytest.raises(routing.HandoverError):
        routing.confirm_handover(worker, other, handover, datetime.date.today())
    handover.refresh_from_db()
    assert handover.status == Status.TO_HAND_OVER


def test_a_message_whose_task_was_lost_is_resumed_but_not_one_waiting_out_a_backoff(
    notify, practice, queue
):
    from django.utils import timezone

    from gateway.comms.tasks import resume_stuck, stuck_messages

    lost = queue("text", practice, phone_number="07700900123", run=False)
    backing_off = queue("text", practice, phone_number="07700900124", run=False)
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    Message.objects.filter(pk__in=[lost.pk, backing_off.pk]).update(status_changed_at=two_hours_ago)
    DeliveryAttempt.objects.create(message=backing_off, channel="notify", outcome=Outcome.RETRY)
    assert list(stuck_messages(3600)) == [lost]
    assert resume_stuck(3600) == 1
    lost.refresh_from_db()
    assert lost.status == Status.SENDING and len(notify.sent) == 1


@pytest.mark.parametrize("change", ["consent_withdrawn", "route_marked_never"])
def test_a_hand_over_is_refused_once_its_route_may_no_longer_be_used_and_the_message_moves_on(
    notify, practice, send, worker_org, worker, change
):
    """docs/domain/gp-registration.md#registration-through-probation-and-other-services (consent)
    and docs/domain/multiple-disadvantage.md#safe-contact (DASH safe contact): a worker route stops
    when consent ends, and a route marked never is never used, even for a hand-over task made
    before."""
    from django.utils import timezone

    from gateway.patients.models import Consent

    patient = factories.PatientFactory()
    via = worker_route(patient, 1, worker_org, worker)
    route(patient, Kind.MOBILE, 2, phone_number="07700900123")
    message = send(practice, patient)
    (handover,) = tries(message)
    assert handover.status == Status.TO_HAND_OVER
    if change == "consent_withdrawn":
        Consent.objects.filter(patient=patient).update(withdrawn_at=timezone.now())
    else:
        ContactRoute.objects.filter(pk=via.pk).update(safety=ContactRoute.Safety.NEVER)
    with pytest.raises(routing.HandoverError):
        routing.confirm_handover(worker, worker_org, handover, datetime.date.today())
    handover.refresh_from_db()
    assert handover.status == Status.CANCELLED and handover.handed_over_on is None
    assert [t.kind for t in tries(message)] == [Message.Kind.IN_PERSON, Message.Kind.TEXT]
    assert len(notify.sends) == 1


def test_only_someone_in_the_hand_over_organisation_can_confirm_a_hand_over(
    notify, practice, send, worker_org, worker
):
    patient = factories.PatientFactory()
    worker_route(patient, 1, worker_org, worker)
    (handover,) = tries(send(practice, patient))
    outsider = factories.UserFactory()
    factories.MembershipFactory(user=outsider, organisation=practice, role="support_worker")
    with pytest.raises(routing.HandoverError):
        routing.confirm_handover(outsider, worker_org, handover, datetime.date.today())
    handover.refresh_from_db()
    assert handover.status == Status.TO_HAND_OVER and handover.handed_over_by is None
