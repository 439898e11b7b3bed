"""The person's own page round-trips: what they send from /my (signed in with their own
one-time code, in their own session) is what their record holds, and the code staff give
goes the way they chose."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.patients.models import ContactRoute
from gateway.portal.forms import AppealForm, ContactForm, IssueCodeForm, ReviewViewForm
from gateway.portal.models import AccessCode
from gateway.portal.tests.helpers import scheme_with_mobile, sign_in_patient
from gateway.sas.models import Appeal, Review

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _person(client):
    """A person on the scheme since June 2025, with a review coming up, signed in to their
    own page."""
    scheme = scheme_with_mobile()
    scheme.review()
    sign_in_patient(client, scheme)
    return scheme


@scenario(AppealForm)
def appeal_from_their_own_page(client):
    """On the scheme since June 2025, so the appeal is late and the person says why."""
    scheme = _person(client)
    data = {
        "grounds": "It was not me. I was at my sister's that day.",
        "late_reason": "The letter went to my old address.",
    }
    sent = submit(client, reverse("portal:appeal"), data)
    assert sent.status_code == 302, page_errors(sent)
    appeal = Appeal.objects.get(episode=scheme.episode)
    return RoundTrip(
        AppealForm, data, {"grounds": appeal.grounds, "late_reason": appeal.late_reason}
    )


def test_an_appeal_from_their_own_page_keeps_the_grounds_and_why_it_is_late(client):
    check(appeal_from_their_own_page(client))


@scenario(ReviewViewForm)
def view_for_the_review(client):
    scheme = _person(client)
    review = Review.objects.get(episode=scheme.episode, status="scheduled")
    data = {"review": str(review.public_id), "text": "I have kept every appointment this year."}
    sent = submit(client, reverse("portal:review"), data)
    assert sent.status_code == 302, page_errors(sent)
    landed = Review.objects.get(episode=scheme.episode, patient_view__gt="")
    return RoundTrip(
        ReviewViewForm, data, {"review": landed.public_id, "text": landed.patient_view}
    )


def test_their_view_lands_in_the_review_it_was_written_for_in_their_words(client):
    check(view_for_the_review(client))


@scenario(ContactForm)
def new_ways_to_reach_them(client):
    """A new mobile and email, to use first, that someone else might see."""
    scheme = _person(client)
    patient = scheme.episode.patient
    data = {
        "phone_number": "07700900222",
        "email_address": "jordan@example.com",
        "use_first": "yes",
        "shared": "yes",
    }
    sent = submit(client, reverse("portal:contact"), data)
    assert sent.status_code == 302, page_errors(sent)
    new = ContactRoute.objects.filter(patient=patient, confirmed_by_patient=True)
    mobile = new.get(kind=ContactRoute.Kind.MOBILE)
    email = new.get(kind=ContactRoute.Kind.EMAIL)
    older = ContactRoute.objects.filter(patient=patient, confirmed_by_patient=False)
    first = max(mobile.preference, email.preference) < min(r.preference for r in older)
    shared = {mobile.safety, email.safety} == {ContactRoute.Safety.SHARED}
    assert mobile.awaiting_staff_confirmation and email.awaiting_staff_confirmation
    stored = {
        "phone_number": mobile.phone_number,
        "email_address": email.email_address,
        "use_first": "yes" if first else "no",
        "shared": "yes" if shared else "no",
    }
    return RoundTrip(ContactForm, data, stored)


def test_new_ways_to_reach_them_keep_the_number_the_email_their_order_and_who_else_sees(
    client,
):
    check(new_ways_to_reach_them(client))


def _code_trip(client, delivery_for):
    scheme = scheme_with_mobile()
    patient = scheme.episode.patient
    mobile = ContactRoute.objects.get(patient=patient, kind=ContactRoute.Kind.MOBILE)
    sign_in(client, scheme.sas_user, scheme.sas_practice)
    data = {"delivery": delivery_for(mobile)}
    url = reverse("portal:issue-code", args=[patient.public_id])
    sent = submit(client, url, data)
    assert sent.status_code in (200, 302), page_errors(sent)
    code = AccessCode.objects.get(patient=patient, used_at__isnull=True, replaced_at__isnull=True)
    # The form offers "route-<id>" for each usable mobile or email, or on screen.
    if code.contact_route is not None:
        sent_by = {"mobile": AccessCode.Delivery.TEXT, "email": AccessCode.Delivery.EMAIL}
        assert code.delivery == sent_by[code.contact_route.kind]
        chosen = f"route-{code.contact_route.pk}"
    else:
        chosen = code.delivery
    return RoundTrip(IssueCodeForm, data, {"delivery": chosen})


@scenario(IssueCodeForm)
def text_a_code(client):
    return _code_trip(client, lambda mobile: f"route-{mobile.pk}")


def test_a_code_texted_to_the_persons_mobile_goes_to_that_number(client):
    check(text_a_code(client))


def test_a_code_shown_on_screen_is_kept_as_given_in_person(client):
    check(_code_trip(client, lambda mobile: AccessCode.Delivery.ON_SCREEN))
