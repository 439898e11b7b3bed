"""The patient's own page and what they can do there: their status in plain
words, an appeal, their view for the review, how to contact them. Every view and action is
audited with the patient as subject; errors are plain and keep what was typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import ContactRoute
from gateway.sas.models import Appeal, Review
from gateway.sas.rules import long_date
from gateway.sas.services.review_scheduling import HowGiven

from .helpers import scheme_with_mobile, sign_in_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    scheme = scheme_with_mobile()
    scheme.sas_practice.phone = "01273 000111"
    scheme.sas_practice.save()
    scheme.review()
    return scheme


def _views(patient):
    return AuditEvent.objects.filter(patient_id=patient.pk, action="view")


def test_page_says_since_when_the_practice_the_appeal_date_and_the_next_review(client, scheme):
    sign_in_patient(client, scheme)
    page = client.get(reverse("portal:home")).content.decode()
    review = Review.objects.get(episode=scheme.episode, status="scheduled")
    assert "since 1 June 2025" in page
    assert scheme.sas_practice.name in page
    assert "01273 000111" in page
    assert long_date(review.due_on) in page
    assert "last day to appeal" in page
    assert "How to leave the scheme" in page
    assert scheme.episode.patient.nhs_number not in page
    event = _views(scheme.episode.patient).get()
    assert event.actor_id is None and event.actor_name == "The patient, on their own page"


def test_someone_not_signed_in_is_sent_to_the_code_page(client, scheme):
    for name in ("portal:home", "portal:appeal", "portal:review", "portal:contact"):
        response = client.get(reverse(name))
        assert response["Location"] == reverse("portal:sign-in"), name
    assert not _views(scheme.episode.patient).exists()


def test_the_person_lodges_their_own_appeal_through_the_scheme_rules(client, scheme):
    sign_in_patient(client, scheme)
    empty = client.post(reverse("portal:appeal"), {"grounds": "  "})
    assert "Tell us why you think this is wrong" in empty.content.decode()
    response = client.post(
        reverse("portal:appeal"), {"grounds": "It was not me.", "late_reason": "No letter came."}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(episode=scheme.episode)
    assert appeal.means == Appeal.Means.PORTAL
    assert appeal.lodged_by == Appeal.LodgedBy.PATIENT
    assert appeal.received_on == timezone.localdate()
    assert appeal.recorded_by is None
    # On the scheme since June 2025, so the appeal is late, with the person's reason.
    assert appeal.is_late and appeal.late_reason == "No letter came."
    created = AuditEvent.objects.get(object_type="sas.Appeal", action="create")
    assert created.actor_name == "The patient, on their own page"


def test_a_late_appeal_asks_why_and_keeps_what_was_typed(client, scheme):
    sign_in_patient(client, scheme)
    response = client.post(reverse("portal:appeal"), {"grounds": "It was not me."})
    page = response.content.decode()
    assert "Tell us why you are appealing late" in page
    assert "It was not me." in page
    assert not Appeal.objects.exists()
    response = client.post(
        reverse("portal:appeal"),
        {"grounds": "It was not me.", "late_reason": "I was in hospital."},
    )
    assert response.status_code == 302
    assert Appeal.objects.get().late_reason == "I was in hospital."


def test_their_view_lands_in_the_review_the_commissioner_sees(client, scheme, staff_client):
    sign_in_patient(client, scheme)
    review = Review.objects.get(episode=scheme.episode, status="scheduled")
    response = client.post(
        reverse("portal:review"),
        {
            "review": str(review.public_id),
            "version": review.version,
            "text": "I have kept every visit.",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.patient_view == "I have kept every visit."
    assert review.patient_view_how == HowGiven.OWN_PAGE
    assert AuditEvent.objects.filter(
        action="update",
        object_type="sas.Review",
        patient_id=scheme.episode.patient.pk,
        actor_name="The patient, on their own page",
    ).exists()
    staff, _, _ = staff_client(Role.COMMISSIONER, scheme.commissioner)
    page = staff.get(reverse("sas:review-detail", kwargs={"public_id": review.public_id}))
    text = page.content.decode()
    assert "I have kept every visit." in text
    assert "how it was given: they sent it from their own page" in text.lower()


def test_a_stale_review_view_is_refused_and_the_words_are_kept(client, scheme):
    sign_in_patient(client, scheme)
    review = Review.objects.get(episode=scheme.episode, status="scheduled")
    response = client.post(
        reverse("portal:review"),
        {
            "review": str(review.public_id),
            "version": review.version - 1 or 99,
            "text": "My words.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed your review" in page
    assert "My words." in page
    review.refresh_from_db()
    assert review.patient_view == ""


def test_new_contact_routes_wait_for_staff_and_are_not_used_before(client, scheme):
    sign_in_patient(client, scheme)
    bad = client.post(
        reverse("portal:contact"),
        {"phone_number": "12345", "email_address": "", "use_first": "yes", "shared": "no"},
    )
    assert "Enter a UK mobile number" in bad.content.decode()
    assert 'value="12345"' in bad.content.decode()
    response = client.post(
        reverse("portal:contact"),
        {"phone_number": "07700 900222", "email_address": "", "use_first": "yes", "shared": "no"},
    )
    assert response.status_code == 302
    route = ContactRoute.objects.get(phone_number="07700900222")
    assert route.confirmed_by_patient and route.awaiting_staff_confirmation
    assert AuditEvent.objects.filter(
        action="create",
        object_type="patients.ContactRoute",
        patient_id=scheme.episode.patient.pk,
        actor_name="The patient, on their own page",
    ).exists()
    assert route.preference == 1
    old = ContactRoute.objects.get(phone_number="07700900111")
    assert old.preference == 2
    from gateway.portal.queries import code_routes

    assert route not in code_routes(scheme.episode.patient)


def test_two_people_each_see_only_their_own_page(client, scheme):
    from django.test import Client

    other = scheme_with_mobile()
    other.review()
    sign_in_patient(client, scheme)
    other_client = sign_in_patient(Client(), other)
    mine = client.get(reverse("portal:home")).content.decode()
    theirs = other_client.get(reverse("portal:home")).content.decode()
    me, them = scheme.episode.patient, other.episode.patient
    assert me.given_name in mine and them.given_name not in mine
    assert them.given_name in theirs and me.given_name not in theirs
    assert other.sas_practice.name not in mine


def test_portal_urls_carry_nothing_about_the_person():
    from tests.access_matrix.helpers import url_patterns

    persons_pages = {
        name: pattern
        for name, pattern in url_patterns().items()
        if name.startswith("portal:") and name != "portal:issue-code"
    }
    assert len(persons_pages) == 8
    # One letter is opened by the letter's own random id (the person's never appears).
    letter = persons_pages.pop("portal:letter")
    assert list(letter.pattern.converters) == ["public_id"]
    for name, pattern in persons_pages.items():
        assert not pattern.pattern.converters, f"{name} takes something in its URL"
        assert reverse(name).startswith("/my/")


def test_staff_see_the_link_to_give_a_code_on_the_persons_record(scheme, staff_client):
    client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, scheme.sas_practice)
    page = client.get(
        reverse("patients:detail", kwargs={"public_id": scheme.episode.patient.public_id})
    )
    assert "Give a code for their own page" in page.content.decode()


def test_staff_accept_the_persons_new_number_and_only_then_it_is_used(client, scheme):
    from gateway.patients.services.contact import accept_patient_change
    from gateway.portal.queries import code_routes

    sign_in_patient(client, scheme)
    client.post(
        reverse("portal:contact"),
        {"phone_number": "07700 900333", "email_address": "", "use_first": "no", "shared": "no"},
    )
    route = ContactRoute.objects.get(phone_number="07700900333")
    patient = scheme.episode.patient
    assert route not in code_routes(patient)
    accept_patient_change(scheme.sas_user, scheme.sas_practice, route, route.version)
    route.refresh_from_db()
    assert not route.awaiting_staff_confirmation and route.confirmed_by == scheme.sas_user
    assert route in code_routes(patient)


def test_someone_leaving_the_scheme_is_told_so_and_not_asked_about_a_review(client, scheme):
    from gateway.sas.models import DischargePlan
    from gateway.sas.states import State

    episode = scheme.episode
    Review.objects.filter(episode=episode).update(status=Review.Status.CANCELLED)
    episode.state = State.DISCHARGE_PLANNED
    episode.save()
    DischargePlan.objects.create(episode=episode, discharge_by=timezone.localdate())
    sign_in_patient(client, scheme)
    page = client.get(reverse("portal:home")).content.decode()
    assert "You are going to leave the scheme by" in page
    assert "you do not need another review" in page


def test_a_rule_written_for_staff_reaches_the_person_in_plain_words(client, scheme):
    from gateway.sas.models import SchemePolicy

    # No policy in force: the appeal service cannot work out the window and says so in
    # words for staff; the person is told to phone their practice instead.
    SchemePolicy.objects.filter(commissioner=scheme.commissioner).update(
        effective_from=timezone.localdate().replace(year=2099)
    )
    sign_in_patient(client, scheme)
    response = client.post(
        reverse("portal:appeal"), {"grounds": "It was not me.", "late_reason": "No letter."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please phone your practice" in page
    assert "It was not me." in page
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("extra_routes", [0, 6])
def test_the_page_reads_in_a_bounded_number_of_queries(
    client, scheme, extra_routes, django_assert_max_num_queries
):
    patient = scheme.episode.patient
    for n in range(extra_routes):
        ContactRoute.objects.create(
            patient=patient, kind=ContactRoute.Kind.EMAIL, email_address=f"p{n}@example.com"
        )
    sign_in_patient(client, scheme)
    # "How we contact you" reads the contact plan as the outbox does: routes, open flags and
    # consents (and the current address when no routes are recorded), whatever their number;
    # on PostgreSQL the audit chain's advisory lock is one more.
    with django_assert_max_num_queries(23):
        assert client.get(reverse("portal:home")).status_code == 200


def test_a_review_decided_while_the_person_writes_is_a_plain_refusal_not_an_error(client, scheme):
    sign_in_patient(client, scheme)
    review = Review.objects.get(episode=scheme.episode, status="scheduled")
    typed_version = review.version
    Review.objects.filter(pk=review.pk).update(status="decided", version=review.version + 1)
    response = client.post(
        reverse("portal:review"), {"version": typed_version, "text": "My words."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your review has already happened" in page
    assert "My words." in page
    review.refresh_from_db()
    assert review.patient_view == ""


def test_a_view_written_for_one_review_never_lands_silently_in_the_next(client, scheme):
    sign_in_patient(client, scheme)
    first = Review.objects.get(episode=scheme.episode, status="scheduled")
    form_page = client.get(reverse("portal:review")).content.decode()
    assert str(first.public_id) in form_page
    Review.objects.filter(pk=first.pk).update(status="decided", version=first.version + 1)
    scheme.review()  # the next one is planned, with a fresh version number
    second = Review.objects.get(episode=scheme.episode, status="scheduled")
    assert second.pk != first.pk and second.version == first.version
    response = client.post(
        reverse("portal:review"),
        {"review": str(first.public_id), "version": first.version, "text": "My words."},
    )
    assert response.status_code == 200
    assert "Someone changed your review" in response.content.decode()
    second.refresh_from_db()
    assert second.patient_view == ""
