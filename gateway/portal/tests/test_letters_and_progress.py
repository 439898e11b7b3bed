"""The person's own page keeps the letters' promise ("you can also read this on your own web
page"): their letters are listed and each opens, audited as a view by them; nobody else's
letter opens. It names the practice they must not go to and says what happens next with
their appeal and review, and by when."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gateway.audit.models import AuditEvent
from gateway.comms import routing
from gateway.comms.services import queue_letter
from gateway.sas.models import Appeal
from gateway.sas.rules import acknowledgement_due, long_date

from .helpers import scheme_with_mobile, sign_in_patient

pytestmark = pytest.mark.django_db

LETTER = {
    "greeting": "Sam",
    "heading": "Your review is coming up",
    "paragraphs": ["We will look at how things are going."],
    "sender_name": "The commissioner",
}


@pytest.fixture
def scheme():
    scheme = scheme_with_mobile()
    scheme.review()
    return scheme


def _letter_to(patient, organisation, heading=LETTER["heading"]):
    with transaction.atomic():
        return routing.queue_for_patient(
            None,
            organisation,
            patient=patient,
            template="comms/plain",
            context={**LETTER, "heading": heading},
        )


def test_every_letter_can_be_read_on_the_persons_own_page(client, scheme):
    patient = scheme.episode.patient
    letter = _letter_to(patient, scheme.episode.commissioner)
    sign_in_patient(client, scheme)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:letters") in home
    listing = client.get(reverse("portal:letters")).content.decode()
    assert "Your review is coming up" in listing
    opened = client.get(reverse("portal:letter", args=[letter.public_id]))
    assert opened.status_code == 200
    page = opened.content.decode()
    assert "We will look at how things are going." in page
    seen = AuditEvent.objects.get(
        object_type="comms.Message", object_id=str(letter.public_id), action="view"
    )
    assert seen.patient_id == patient.pk
    assert seen.actor_name == "The patient, on their own page"


def test_nobody_elses_letter_and_no_letter_to_an_organisation_opens_on_the_persons_page(
    client, scheme
):
    other = scheme_with_mobile()
    someone_elses = _letter_to(other.episode.patient, other.episode.commissioner, "Not yours")
    with transaction.atomic():
        to_practice = queue_letter(
            None,
            scheme.episode.commissioner,
            template="comms/plain",
            context={**LETTER, "heading": "About them, to the practice"},
            patient=scheme.episode.patient,
            recipient_organisation=scheme.sas_practice,
            address_lines=["The practice", "1 High Street", "Brighton", "BN1 1AA"],
        )
    sign_in_patient(client, scheme)
    listing = client.get(reverse("portal:letters")).content.decode()
    assert "Not yours" not in listing and "About them, to the practice" not in listing
    for letter in (someone_elses, to_practice):
        assert client.get(reverse("portal:letter", args=[letter.public_id])).status_code == 404


def test_the_page_names_the_practice_they_must_not_go_to(client, scheme):
    sign_in_patient(client, scheme)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Where you must not go" in page
    assert f"Do not go to <strong>{scheme.episode.removing_practice.name}</strong>" in page


def test_an_open_appeal_says_what_happens_next_and_by_when(client, scheme):
    sign_in_patient(client, scheme)
    response = client.post(
        reverse("portal:appeal"), {"grounds": "It was not me.", "late_reason": "No letter came."}
    )
    appeal = Appeal.objects.get(episode=scheme.episode)
    reply_by = acknowledgement_due(appeal.received_on, scheme.policy.values()).due_on
    assert reply_by > timezone.localdate()
    page = client.get(response["Location"]).content.decode()
    assert f"We have your appeal. We will write back to you by {long_date(reply_by)}." in page
    assert "What happens next" in page
    assert f"We will write back to you by <strong>{long_date(reply_by)}</strong>" in page
    assert f"We got your appeal on {long_date(appeal.received_on)}" in page


def test_the_reviews_progress_says_who_we_have_heard_from(client, scheme):
    sign_in_patient(client, scheme)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Your practice: we are waiting to hear from them." in page
    assert "You: we would like to hear from you." in page
    assert "After your review, we will write to you to say what it decided." in page


def test_give_a_code_has_showing_it_on_screen_chosen_already(scheme, staff_client):
    from gateway.accounts.models import Role

    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    page = client.get(reverse("portal:issue-code", args=[scheme.episode.patient.public_id]))
    html = page.content.decode()
    checked = [tag for tag in html.split("<input") if 'name="delivery"' in tag and "checked" in tag]
    assert len(checked) == 1 and 'value="on_screen"' in checked[0]


def test_the_persons_letters_come_a_page_at_a_time_in_a_bounded_number_of_queries(
    client, scheme, django_assert_max_num_queries
):
    from gateway.portal.views.own_page import LETTERS_PER_PAGE

    patient = scheme.episode.patient
    for n in range(LETTERS_PER_PAGE + 3):
        _letter_to(patient, scheme.episode.commissioner, heading=f"Letter number {n}")
    sign_in_patient(client, scheme)
    with django_assert_max_num_queries(20):
        first = client.get(reverse("portal:letters")).content.decode()
    assert first.count("Letter number") == LETTERS_PER_PAGE
    assert "Letter number 22" in first  # the newest first
    second = client.get(reverse("portal:letters") + "?page=2").content.decode()
    assert "Letter number 0" in second and "Letter number 22" not in second
