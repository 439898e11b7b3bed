"""The registration pages end to end through the test client, and bounded list queries
(house rule: lists at a fixed number of queries)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.comms.models import Message
from gateway.core.formats import long_date
from gateway.core.page_checks import box_text
from gateway.registration.models import RegistrationAlert, RegistrationReferral

from .helpers import World, sent_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_worker_refers_a_person_with_no_address_using_the_office_as_proxy(world, staff_client):
    client, user, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    response = client.post(
        reverse("registration:new"),
        {
            "person-given_name": "Casey",
            "person-family_name": "Doe",
            "person-birth_year": "1991",
            "person-sex": "not_known",
            "consent_given": "yes",
            "consent_method": "verbal",
            "address_basis": "proxy",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    # Check your answers: the proxy address itself is shown, and nothing is saved yet.
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers before you save the referral" in check
    assert "1 Edward Street" in check and "BN2 0JS" in check
    assert not RegistrationReferral.objects.exists()
    response = client.post(response["Location"])
    assert response.status_code == 302
    referral = RegistrationReferral.objects.get()
    assert referral.patient.date_of_birth_is_estimated
    response = client.get(response["Location"])
    assert "Albion Surgery" in response.content.decode()
    response = client.post(
        reverse("registration:choose", kwargs={"public_id": referral.public_id}),
        {"practice": str(world.practice.public_id), "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == RegistrationReferral.Status.SENT
    assert Message.objects.filter(recipient_organisation=world.practice).exists()
    # The confirmation page says what happens next, and by when.
    assert response["Location"] == reverse("registration:sent", args=[referral.public_id])
    confirmation = client.get(response["Location"]).content.decode()
    assert "Referral sent" in confirmation and "What happens next" in confirmation
    assert f"should answer by <strong>{long_date(referral.chase_on)}</strong>" in confirmation


def test_change_on_check_answers_goes_back_to_the_form_with_what_was_typed(world, staff_client):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    response = client.post(
        reverse("registration:new"),
        {
            "person-given_name": "Casey",
            "person-family_name": "Doe",
            "person-birth_year": "1991",
            "person-sex": "not_known",
            "consent_given": "yes",
            "consent_method": "verbal",
            "address_basis": "proxy",
            "adjustments": "A quiet room",
        },
    )
    token = response["Location"].rsplit("/", 1)[1]
    assert token not in ("Casey", "Doe") and "Casey" not in response["Location"]
    check = client.get(response["Location"]).content.decode()
    change = f"{reverse('registration:new')}?draft={token}"
    assert change in check
    form = client.get(change).content.decode()
    assert 'value="Casey"' in form and "A quiet room" in form
    assert not RegistrationReferral.objects.exists()


def test_the_referral_page_keeps_what_was_typed_and_says_consent_is_needed(world, staff_client):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    response = client.post(
        reverse("registration:new"),
        {
            "person-given_name": "Casey",
            "person-family_name": "Doe",
            "person-birth_year": "1991",
            "person-sex": "not_known",
            "address_basis": "proxy",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The person must agree to the referral" in page
    assert 'value="Casey"' in page
    assert not RegistrationReferral.objects.exists()


def test_practice_accepts_and_the_worker_sees_registered(world, staff_client):
    referral = sent_referral(world)
    client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
    today = timezone.localdate()
    response = client.post(
        reverse("registration:accept", kwargs={"public_id": referral.public_id}),
        {**_date("registered_on", today), "nhs_number": "", "version": referral.version},
    )
    assert response.status_code == 302
    client, _, _ = staff_client(Role.SUPPORT_WORKER, world.probation)
    page = client.get(reverse("registration:list")).content.decode()
    assert "Registered" in page


def test_the_refusal_page_says_only_reasonable_grounds_and_the_14_day_letter(world, staff_client):
    """National rule: refusal only on reasonable grounds, never for lack of ID or address,
    and the practice writes to the person within 14 days."""
    referral = sent_referral(world)
    client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
    page = client.get(reverse("registration:refuse", kwargs={"public_id": referral.public_id}))
    words = box_text(page.content.decode(), "Reasonable grounds only")
    assert "No proof of identity or address is needed to register" in words
    assert "within 14 days" in words


def test_practice_refuses_for_no_proof_of_address_and_the_commissioner_sees_it(world, staff_client):
    referral = sent_referral(world)
    client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
    response = client.post(
        reverse("registration:refuse", kwargs={"public_id": referral.public_id}),
        {"reason": "no_proof_of_address", "detail": "", "version": referral.version},
    )
    assert response.status_code == 302
    client, _, _ = staff_client(Role.COMMISSIONER, world.commissioner)
    page = client.get(reverse("registration:worklist")).content.decode()
    assert referral.patient.full_name in page
    assert "not reasonable" in page
    csv = client.get(reverse("registration:evidence-csv", kwargs={"kind": "refusals"}))
    assert "No proof of address" in csv.content.decode()


def test_a_stale_accept_is_refused_clearly(world, staff_client):
    referral = sent_referral(world)
    client, _, _ = staff_client(Role.PRACTICE_STAFF, world.practice)
    response = client.post(
        reverse("registration:accept", kwargs={"public_id": referral.public_id}),
        {
            **_date("registered_on", timezone.localdate()),
            "nhs_number": "",
            "version": referral.version - 1,
        },
    )
    assert "Someone else changed this referral" in response.content.decode()


def _many(world, n):
    for _ in range(n):
        referral = sent_referral(world)
        RegistrationAlert.objects.create(
            referral=referral,
            kind=RegistrationAlert.Kind.ESCALATION,
            organisation=world.commissioner,
            raised_on=timezone.localdate(),
        )


@pytest.mark.parametrize(
    "role, part, name",
    [
        (Role.SUPPORT_WORKER, "probation", "registration:list"),
        (Role.PRACTICE_STAFF, "practice", "registration:inbox"),
        (Role.COMMISSIONER, "commissioner", "registration:worklist"),
    ],
)
def test_referral_lists_use_a_bounded_number_of_queries(
    world, staff_client, django_assert_max_num_queries, role, part, name
):
    client, _, _ = staff_client(role, getattr(world, part))
    _many(world, 3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name)).status_code == 200
    _many(world, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
