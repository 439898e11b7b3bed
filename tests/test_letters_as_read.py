"""Letters are checked as a person reads them: every letter to the person, standard and Easy
Read, is made by the service that sends it, routed to their home address as the worker
would, printed to PDF by WeasyPrint and read back as text. The text must hold a postal
address block that can be posted (name, address lines, postcode once), every date the letter
relies on, and working contact details for everything it asks the person to do.

SCENARIOS must name every letter to the person (gateway.comms.audiences.patient_letters): a
new letter fails test_every_letter_to_the_person_is_checked_as_read until it is added here."""

import datetime
import io
from dataclasses import dataclass, field

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from gateway.comms import audiences, routing
from gateway.comms.models import Message
from gateway.comms.rendering import letter_pdf
from gateway.sas import rules, services
from gateway.sas.models import Appeal, Deadline, Review
from gateway.sas.services import discharge as discharge_service
from gateway.sas.services import reviews as review_service
from gateway.sas.services.review_scheduling import inputs_due_on
from gateway.sas.tests import appeal_helpers, review_helpers
from gateway.sas.tests.factories import OnScheme
from gateway.sas.tests.report_helpers import Scheme
from tests.factories import AddressFactory, SasPracticeFactory

pytestmark = pytest.mark.django_db

HOME = {"line_1": "14 Harbour Row", "line_2": "Flat 2", "town": "Newhaven", "postcode": "BN9 9QP"}
HOME_LINES = ["14 Harbour Row", "Flat 2", "Newhaven", "BN9 9QP"]


@dataclass
class Letter:
    message: Message
    commissioner: object
    dates: list = field(default_factory=list)
    words: list = field(default_factory=list)  # other things the person needs, e.g. a phone


def _routed(patient, key):
    return Message.objects.filter(patient=patient, kind=Message.Kind.ROUTED, template=key).latest(
        "id"
    )


def _home(patient, easy_read):
    patient.addresses.update(is_current=False)
    AddressFactory(patient=patient, **HOME)
    patient.needs_easy_read = easy_read
    patient.save(update_fields=["needs_easy_read"])


def allocation(easy_read):
    scheme = Scheme(postcode="BN1 1AA")
    # The practice's postcode typed into its address as well: it must still print once.
    practice = SasPracticeFactory(
        commissioner=scheme.commissioner,
        catchment_districts=["BN1"],
        address="2 Practice Road\nHove\nBN3 7XY",
        postcode="BN3 7XY",
        phone="01273 555 010",
    )
    _home(scheme.patient, easy_read)
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
    )
    report = episode.removal_report
    deadlines = {d.kind: d.due_on for d in Deadline.objects.filter(episode=episode)}
    return Letter(
        _routed(scheme.patient, "sas/allocation"),
        scheme.commissioner,
        dates=[
            timezone.localdate(report.notice_given_at),  # removed on
            timezone.localdate(report.incident_at),
            deadlines["appeal_against_placement"],
            Review.objects.get(episode=episode).due_on,
        ],
        words=["2 Practice Road", "Hove", "01273 555 010", ("BN3 7XY", 1)],
    )


def report_declined_patient(easy_read):
    scheme = Scheme(postcode="BN1 1AA")
    _home(scheme.patient, easy_read)
    episode = scheme.screening()
    services.decline(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "A raised voice only: it does not meet the scheme's rules.",
    )
    return Letter(_routed(scheme.patient, "sas/report_declined_patient"), scheme.commissioner)


def _appeal(easy_read):
    on = OnScheme()
    _home(on.patient, easy_read)
    appeal = services.lodge_appeal(
        on.commissioner_user, on.commissioner, on.episode, appeal_helpers.appeal_data()
    )
    return on, appeal


TRAVEL = datetime.datetime(2026, 3, 12, 10, 0)


def appeal_acknowledgement(easy_read):
    with time_machine.travel(TRAVEL, tick=False):
        on, appeal = _appeal(easy_read)
    form_due = Deadline.objects.get(appeal=appeal, kind="patient_appeal_form").due_on
    return Letter(
        _routed(on.patient, "sas/appeal_acknowledgement"),
        on.commissioner,
        dates=[appeal.received_on, form_due],
    )


def appeal_decision_patient(easy_read):
    with time_machine.travel(TRAVEL, tick=False):
        on, appeal = _appeal(easy_read)
        decided_on = datetime.date(2026, 3, 12)
        services.decide_appeal(
            on.panel_user,
            on.commissioner,
            appeal,
            appeal.version,
            Appeal.Status.DISMISSED,
            "The incident happened as the practice said.",
            decided_on,
            out_of_order_reason="An urgent panel the same week.",
        )
    return Letter(
        _routed(on.patient, "sas/appeal_decision_patient"), on.commissioner, dates=[decided_on]
    )


def _on_scheme(easy_read):
    scheme = OnScheme.awaiting_first_review()
    _home(scheme.episode.patient, easy_read)
    return scheme


def review_invitation(easy_read):
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0), tick=False):
        scheme = _on_scheme(easy_read)
        review = scheme.review()
    return Letter(
        _routed(scheme.episode.patient, "sas/review_invitation"),
        scheme.commissioner,
        # The date the person's view is needed by, and the review date.
        dates=[inputs_due_on(review), review.due_on],
    )


DECISION_DAY = datetime.datetime(2026, 6, 1, 12, 0)


def review_outcome_remain(easy_read):
    with time_machine.travel(DECISION_DAY, tick=False):
        scheme = _on_scheme(easy_read)
        review = scheme.review()
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            review_helpers.remain_data(),
        )
    episode = scheme.refresh()
    next_review = Review.objects.filter(episode=episode, status=Review.Status.SCHEDULED).get()
    appeal_by = Deadline.objects.get(episode=episode, kind="appeal_against_remaining").due_on
    return Letter(
        _routed(episode.patient, "sas/review_outcome_remain"),
        scheme.commissioner,
        dates=[review_helpers.TODAY, next_review.due_on, appeal_by],
    )


def _discharge_decided(easy_read):
    with time_machine.travel(DECISION_DAY, tick=False):
        scheme = _on_scheme(easy_read)
        review = scheme.review()
        review_service.decide_review(
            scheme.commissioner_user,
            scheme.commissioner,
            review,
            scheme.episode.version,
            review_helpers.discharge_data(scheme),
        )
    return scheme


def review_outcome_discharge(easy_read):
    scheme = _discharge_decided(easy_read)
    episode = scheme.refresh()
    return Letter(
        _routed(episode.patient, "sas/review_outcome_discharge"),
        scheme.commissioner,
        dates=[review_helpers.TODAY, episode.discharge_plan.discharge_by],
    )


def discharge(easy_read):
    scheme = _discharge_decided(easy_read)
    registered_on = datetime.date(2026, 6, 20)
    with time_machine.travel(datetime.datetime(2026, 6, 22, 12, 0), tick=False):
        episode = scheme.refresh()
        discharge_service.complete_discharge(
            scheme.sas_user,
            scheme.sas_practice,
            episode,
            episode.version,
            scheme.mainstream,
            registered_on,
        )
    episode = scheme.refresh()
    return Letter(
        _routed(episode.patient, "sas/discharge"),
        scheme.commissioner,
        dates=[timezone.localdate(episode.state_changed_at)],
        words=[scheme.mainstream.name],
    )


def new_lead_worker(easy_read):
    """A worker leaves; the organisation admin hands their place as lead worker to a colleague
    (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md)."""
    from gateway.accounts.services import reassignment
    from gateway.accounts.tests.leavers_world import Refuge

    world = Refuge()
    world.refuge.appeals_address = "Safe Haven Refuge\nPO Box 12\nBrighton"
    world.refuge.appeals_postcode = "BN1 1AA"
    world.refuge.appeals_phone = "01273 000111"
    world.refuge.appeals_email = "help@safehaven.example.org"
    world.refuge.save()
    _home(world.patient, easy_read)
    world.team_place()
    plan = reassignment.plan_everything(
        world.admin, world.refuge, world.leaver, world.sam.public_id
    )
    reassignment.reassign(world.admin, world.refuge, world.leaver, plan)
    return Letter(
        _routed(world.patient, "support/new_lead_worker"),
        world.refuge,
        words=["Sam Staying"],
    )


def practice_change(easy_read):
    """The person's SAS practice closes; the commissioner moves them to another SAS practice
    (docs/adr/0045-practice-closures-and-mergers.md)."""
    from gateway.sas.services import practice_moves

    scheme = Scheme(postcode="BN1 1AA")
    leaving = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    _home(scheme.patient, easy_read)
    episode = scheme.screening()
    services.allocate(
        scheme.commissioner_user, scheme.commissioner, episode, leaving, episode.version
    )
    new = SasPracticeFactory(
        commissioner=scheme.commissioner,
        name="Moulsecoomb SAS Practice",
        address="9 Lewes Road\nBrighton",
        postcode="BN2 4AB",
        phone="01273 555 020",
    )
    episode.refresh_from_db()
    practice_moves.move_to_practice(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        new,
        episode.version,
        reason="The practice is closing",
    )
    return Letter(
        _routed(scheme.patient, "sas/practice_change"),
        scheme.commissioner,
        words=["Moulsecoomb SAS Practice", "9 Lewes Road", "01273 555 020"],
    )


SCENARIOS = {
    "letters/sas/allocation.jinja": allocation,
    "letters/sas/appeal_acknowledgement.jinja": appeal_acknowledgement,
    "letters/sas/appeal_decision_patient.jinja": appeal_decision_patient,
    "letters/sas/discharge.jinja": discharge,
    "letters/sas/practice_change.jinja": practice_change,
    "letters/sas/report_declined_patient.jinja": report_declined_patient,
    "letters/sas/review_invitation.jinja": review_invitation,
    "letters/sas/review_outcome_discharge.jinja": review_outcome_discharge,
    "letters/sas/review_outcome_remain.jinja": review_outcome_remain,
    "letters/support/new_lead_worker.jinja": new_lead_worker,
}


def test_every_letter_to_the_person_is_checked_as_read():
    missing = sorted(set(audiences.patient_letters()) - set(SCENARIOS))
    assert not missing, f"Add a scenario that sends {', '.join(missing)} to SCENARIOS"
    assert sorted(SCENARIOS) == audiences.patient_letters()


def posted_text(routed):
    """What the person reads: the worker routes the message to their address, WeasyPrint
    prints the letter, and the text is read back out of the PDF."""
    try_id = routing.next_try(routed.pk)
    posted = Message.objects.get(pk=try_id)
    assert posted.kind == Message.Kind.LETTER, "the person has a home address: it is posted"
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(letter_pdf(posted.body_html))).pages
    )
    return posted, text


def _flat(text):
    return " ".join(text.split())


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("letter", sorted(SCENARIOS))
def test_letters_are_checked_as_a_person_reads_them(letter, easy_read):
    made = SCENARIOS[letter](easy_read)
    assert made.message.template == audiences_key(letter)
    assert ("gw-easy-read" in made.message.body_html) is easy_read
    posted, text = posted_text(made.message)
    flat = _flat(text)
    name = made.message.patient.full_name
    # The address block: name, every line and the postcode, once, as a posted letter needs.
    assert posted.address_lines == [name, *HOME_LINES]
    assert _flat(" ".join([name, *HOME_LINES])) in flat
    assert flat.count("BN9 9QP") == 1
    # The dates the letter relies on, as the person reads them.
    for day in made.dates:
        assert rules.long_date(day) in flat, f"{letter} does not say {rules.long_date(day)}"
    # How to reach the commissioner for an appeal, a form or a question: address, phone, email.
    commissioner = made.commissioner
    for line in [*commissioner.appeals_lines, commissioner.appeals_phone]:
        assert _flat(line) in flat, f"{letter} does not give {line}"
    assert commissioner.appeals_email in flat.replace(" ", "")
    for words in made.words:
        words, times = words if isinstance(words, tuple) else (words, None)
        assert _flat(words) in flat
        if times is not None:
            assert flat.count(words) == times, f"{words} printed {flat.count(words)} times"


def audiences_key(letter):
    return letter.removeprefix("letters/").removesuffix(".jinja")


def test_a_letter_is_not_posted_without_a_complete_postal_address():
    """No fixed abode: the letter goes by the next route in the contact plan (here a text
    saying there is a letter, and who can help), never by post to an address that is not one."""
    from gateway.patients.models import Address, ContactRoute

    scheme = OnScheme.awaiting_first_review()
    patient = scheme.episode.patient
    Address.objects.create(patient=patient, kind=Address.Kind.NO_FIXED_ABODE, town="Brighton")
    address = patient.addresses.get(is_current=True)
    ContactRoute.objects.create(
        patient=patient, kind=ContactRoute.Kind.POSTAL, address=address, preference=1
    )
    ContactRoute.objects.create(
        patient=patient, kind=ContactRoute.Kind.MOBILE, phone_number="07700900123", preference=2
    )
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0), tick=False):
        scheme.review()
    routed = _routed(patient, "sas/review_invitation")
    sent = Message.objects.get(pk=routing.next_try(routed.pk))
    assert sent.kind == Message.Kind.TEXT
    assert not routed.tries.filter(kind=Message.Kind.LETTER).exists()
    skipped = routed.attempts_made.get(outcome="skipped")
    assert "No fixed abode" in skipped.error


def test_a_letter_promising_the_commissioners_contact_details_is_refused_when_they_are_missing(
    client,
):
    from conftest import sign_in
    from gateway.accounts.models import Role
    from tests.factories import MembershipFactory

    scheme = Scheme(postcode="BN1 1AA")
    scheme.commissioner.appeals_email = ""
    scheme.commissioner.save()
    practice = SasPracticeFactory(commissioner=scheme.commissioner, catchment_districts=["BN1"])
    episode = scheme.screening()
    with pytest.raises(routing.MissingContactDetails) as refused, transaction.atomic():
        services.allocate(
            scheme.commissioner_user, scheme.commissioner, episode, practice, episode.version
        )
    assert "has no email address for appeals" in refused.value.messages[0]
    episode.refresh_from_db()
    assert episode.state == "screening"  # nothing half-written
    assert not Message.objects.filter(patient=scheme.patient, template="sas/allocation").exists()
    # The commissioner sees the gap, in plain words, on their home page.
    user = MembershipFactory(organisation=scheme.commissioner, role=Role.COMMISSIONER).user
    sign_in(client, user, scheme.commissioner)
    page = _flat(client.get("/").content.decode())
    assert "Gateway cannot write to people on the scheme" in page
    assert "Your organisation record has no email address for appeals." in page
