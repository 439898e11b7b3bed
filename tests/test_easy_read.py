"""Easy Read letters: every letter to the person has an Easy Read variant
(letters/easy_read/<key>.jinja, found by the convention in gateway/comms/audiences.py), and
the outbox uses it, in large text, when the person's record says they need easy read."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction

from gateway.comms import audiences
from gateway.comms import services as comms
from tests.factories import AddressFactory, CommissionerFactory, PatientFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_every_letter_to_the_person_has_an_easy_read_variant():
    variants = set(audiences.easy_read_templates())
    letters = audiences.patient_letters()
    assert "letters/sas/allocation.jinja" in letters
    missing = [n for n in letters if audiences.easy_read_name(n) not in variants]
    assert not missing, f"Write an Easy Read variant for {', '.join(missing)}"
    orphans = variants - {audiences.easy_read_name(n) for n in letters}
    assert not orphans, f"Easy Read letters with no letter to the person: {sorted(orphans)}"


def _declined_letter(patient):
    commissioner = CommissionerFactory()
    practice = PracticeFactory(commissioner=commissioner)
    episode = SimpleNamespace(
        patient=patient, removing_practice=practice, commissioner=commissioner
    )
    with transaction.atomic():
        return comms.queue_letter(
            None,
            commissioner,
            template="letters/sas/report_declined_patient.jinja",
            context={"episode": episode, "today": datetime.date(2026, 11, 30)},
            patient=patient,
            address_lines=[patient.full_name, "1 Test Street", "Brighton", "BN1 1AA"],
        )


def test_a_person_who_needs_easy_read_gets_the_easy_read_letter_in_large_text():
    patient = PatientFactory(needs_easy_read=True)
    AddressFactory(patient=patient)
    message = _declined_letter(patient)
    assert "gw-easy-read" in message.body_html
    assert "We said no." in message.body_html
    assert message.template == "sas/report_declined_patient"  # the same letter, Easy Read


def test_everyone_else_gets_the_standard_letter():
    patient = PatientFactory(needs_easy_read=False)
    AddressFactory(patient=patient)
    message = _declined_letter(patient)
    assert "gw-easy-read" not in message.body_html
    assert "We decided you should not be moved." in message.body_html


def test_easy_read_letter_prints_as_a_pdf():
    from gateway.comms.rendering import letter_pdf

    patient = PatientFactory(needs_easy_read=True)
    message = _declined_letter(patient)
    assert letter_pdf(message.body_html).startswith(b"%PDF")


def test_a_routed_message_to_someone_who_needs_easy_read_carries_the_easy_read_letter():
    from gateway.comms import routing

    patient = PatientFactory(needs_easy_read=True)
    commissioner = CommissionerFactory()
    episode = SimpleNamespace(patient=patient, removing_practice=None, commissioner=commissioner)
    with transaction.atomic():
        message = routing.queue_for_patient(
            None,
            commissioner,
            patient=patient,
            template="letters/sas/report_declined_patient.jinja",
            context={"episode": episode},
        )
    assert "gw-easy-read" in message.body_html
    assert "We said no." in message.body_html
