"""A person's record page stays within the record pages' query budget (15 for the whole GET,
tests/record_page_budget.py) however much the record holds, and still shows it all: every
contact route, consent and open flag."""

import datetime

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import Consent, ContactRoute
from tests.factories import AddressFactory, CommissionerFactory, PatientFactory
from tests.record_page_budget import MANY, a_page_in_budget, flag_every_kind

pytestmark = pytest.mark.django_db


def a_crowded_record(organisation, user):
    patient = PatientFactory(created_by_organisation=organisation)
    today = timezone.localdate()
    for n in range(MANY):
        AddressFactory(patient=patient, is_current=False)
        ContactRoute.objects.create(
            patient=patient,
            kind=ContactRoute.Kind.EMAIL,
            email_address=f"person{n}@example.org",
            preference=n + 1,
            confirmed_by=user,
            added_by=user,
        )
        Consent.objects.create(
            patient=patient,
            purpose=Consent.Purpose.SHARE_INFORMATION,
            organisation=organisation,
            worker=user,
            scope=f"Consent scope {n}",
            starts_on=today - datetime.timedelta(days=n),
            method=Consent.Method.VERBAL,
            recorded_by=user,
            recorded_by_organisation=organisation,
        )
    flag_every_kind(patient, set_by=user, set_by_organisation=organisation)
    return patient


def test_a_crowded_record_is_shown_in_the_record_pages_budget(
    staff_client, django_assert_max_num_queries
):
    client, user, organisation = staff_client(Role.COMMISSIONER, CommissionerFactory())
    patient = a_crowded_record(organisation, user)

    page = a_page_in_budget(client, f"/patients/{patient.public_id}", django_assert_max_num_queries)

    for n in range(MANY):
        assert f"person{n}@example.org" in page
        assert f"Consent scope {n}" in page
