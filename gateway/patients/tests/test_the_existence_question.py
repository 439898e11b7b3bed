"""The existence question (issue 16 item 3, ADR 0035): adding someone whose NHS number is in a
record the organisation cannot see gets the same answer as adding someone new would get up to
the point of creation, then a link request goes to the commissioner; every lookup is audited
without the NHS number and limited per user."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import LinkRequest, Patient
from tests import factories
from tests.factories import test_nhs_number

from .helpers import patient_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_client(staff_client):
    cache.clear()
    commissioner = factories.CommissionerFactory()
    practice = factories.PracticeFactory(commissioner=commissioner)
    client, user, _ = staff_client(Role.PRACTICE_STAFF, practice)
    yield client, user, practice
    cache.clear()


def test_known_unlinked_nhs_number_gets_no_answer_of_its_own(practice_client):
    client, user, practice = practice_client
    number = test_nhs_number()
    hidden = factories.PatientFactory(
        nhs_number=number, created_by_organisation=factories.PracticeFactory()
    )

    response = client.post(reverse("patients:create"), patient_form_data(nhs_number=number))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sent to your commissioner" in page
    assert "already on Gateway" not in page
    assert "not linked" not in page
    assert hidden.family_name not in page
    link = LinkRequest.objects.get()
    assert (link.patient, link.organisation, link.commissioner, link.requested_by) == (
        hidden,
        practice,
        practice.commissioner,
        user,
    )
    assert Patient.objects.filter(nhs_number=number).count() == 1
    assert AuditEvent.objects.filter(object_type="patients.LinkRequest").count() == 1


def test_unknown_and_known_unlinked_look_the_same_until_the_point_of_creation(practice_client):
    """Nothing before creation differs: the form, no check page. An unknown number is added;
    a known unlinked one is sent to the commissioner."""
    client, _, _ = practice_client
    known = test_nhs_number()
    factories.PatientFactory(nhs_number=known)
    unknown = client.post(reverse("patients:create"), patient_form_data())
    assert unknown.status_code == 302 and "/check" not in unknown["Location"]
    sent = client.post(reverse("patients:create"), patient_form_data(nhs_number=known))
    assert (
        sent.status_code == 200 and "check" not in sent.content.decode().lower().split("<main")[0]
    )


def test_every_lookup_is_audited_without_the_nhs_number(practice_client):
    client, user, practice = practice_client
    known, unknown = test_nhs_number(), test_nhs_number()
    hidden = factories.PatientFactory(nhs_number=known)
    client.post(reverse("patients:create"), patient_form_data(nhs_number=known))
    client.post(reverse("patients:create"), patient_form_data(nhs_number=unknown))
    lookups = list(AuditEvent.objects.filter(detail__lookup="already on Gateway").order_by("id"))
    assert [(e.actor, e.organisation) for e in lookups] == [(user, practice)] * 2
    assert lookups[0].patient_id == hidden.pk
    assert lookups[1].patient_id is None
    assert lookups[0].detail["by"] == ["date_of_birth", "family_name", "given_name", "nhs_number"]
    for event in AuditEvent.objects.all():
        assert known not in str(event.detail) and unknown not in str(event.detail)


def test_lookups_are_limited_per_user_with_a_plain_message(practice_client, settings):
    settings.PATIENT_LOOKUP_LIMIT = (2, 3600)
    client, _, _ = practice_client
    for n in range(2):
        client.post(reverse("patients:create"), patient_form_data(family_name=f"Rivers{n}"))
    response = client.post(reverse("patients:create"), patient_form_data())
    assert response.status_code == 429
    assert "Try again in an hour" in response.content.decode()
    assert AuditEvent.objects.filter(detail__limited=True).count() == 1
