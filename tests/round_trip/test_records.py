"""Round trips of the subject access pages (gateway/records): what the commissioner types to
ask for an export is what Gateway stores on it."""

import datetime

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.records.forms import ExportRequestForm
from gateway.records.models import SubjectAccessExport
from tests import factories

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


@scenario(ExportRequestForm)
def ask_for_a_subject_access_export(client):
    member = factories.MembershipFactory(
        organisation=factories.CommissionerFactory(), role=Role.COMMISSIONER
    )
    patient = factories.PatientFactory(related_to=[member.organisation])
    sign_in(client, member.user, member.organisation)
    data = {
        "request_reference": "SAR-2026-017",
        **date_parts("received_on", datetime.date(2026, 1, 30)),
    }
    url = reverse("records:start", kwargs={"public_id": patient.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    export = SubjectAccessExport.objects.get(patient=patient)
    return RoundTrip(
        ExportRequestForm,
        data,
        {"request_reference": export.request_reference, "received_on": export.received_on},
    )


def test_a_subject_access_request_keeps_its_reference_and_the_day_it_arrived(client):
    check(ask_for_a_subject_access_export(client))
