"""Round trips of records over time (docs/adr/0041): the reason someone gives for asking that
a person's record be treated as made in error is what Gateway keeps on the request that a
second person confirms."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.patients.forms.records import MadeInErrorForm
from gateway.patients.models import RecordMadeInError
from tests import factories

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


@scenario(MadeInErrorForm)
def ask_for_a_record_made_in_error(client):
    member = factories.MembershipFactory(
        organisation=factories.CommissionerFactory(), role=Role.COMMISSIONER
    )
    patient = factories.PatientFactory(related_to=[member.organisation])
    sign_in(client, member.user, member.organisation)
    data = {"reason": "Added twice by mistake: the same person is already on Gateway"}
    url = reverse("patients:made-in-error", kwargs={"public_id": patient.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    request = RecordMadeInError.objects.get(patient=patient)
    assert (request.asked_by, request.organisation) == (member.user, member.organisation)
    assert request.confirmed_at is None  # waits for a second person
    return RoundTrip(MadeInErrorForm, data, {"reason": request.reason})


def test_a_made_in_error_request_keeps_its_reason_for_the_second_person(client):
    check(ask_for_a_record_made_in_error(client))
