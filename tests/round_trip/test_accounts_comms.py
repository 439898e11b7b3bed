"""An organisation's details and a letter handed over round-trip: what a commissioner types
about a practice, and the day a worker says they gave a letter to the person, are stored."""

import datetime

import pytest
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.forms import OrganisationForm
from gateway.accounts.models import Organisation, Role
from gateway.comms import routing
from gateway.comms.forms import HandoverForm
from gateway.comms.models import Message
from gateway.comms.tests.routing_helpers import ROUTED_CONTEXT, worker_route
from tests import factories

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


@scenario(OrganisationForm)
def commission_a_sas_practice(client):
    """A commissioner renames one of its practices and commissions it as a SAS practice for
    40 people across three postcode districts."""
    commissioner = factories.CommissionerFactory()
    user = factories.MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user
    practice = factories.PracticeFactory(commissioner=commissioner, catchment_districts=["BN1"])
    sign_in(client, user, commissioner)
    data = {
        "name": "Havelock Road Surgery",
        "ods_code": "H81234",
        "is_sas_practice": "on",
        "list_capacity": "40",
        "catchment_districts": "BN1, BN41, BN2",
    }
    url = reverse("accounts:organisation-edit", args=[practice.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    practice = Organisation.objects.get(pk=practice.pk)
    stored = {
        "name": practice.name,
        "ods_code": practice.ods_code,
        "is_sas_practice": practice.is_sas_practice,
        "list_capacity": practice.list_capacity,
        # Kept as a list of districts; the page shows and takes them comma-separated.
        "catchment_districts": ", ".join(practice.catchment_districts),
    }
    commissioner_only = "where a commissioner takes appeals: see the commissioner's own record"
    return RoundTrip(
        OrganisationForm,
        data,
        stored,
        unstored=dict.fromkeys(
            ("appeals_address", "appeals_postcode", "appeals_phone", "appeals_email"),
            commissioner_only,
        ),
    )


def test_a_practice_keeps_its_name_ods_code_sas_capacity_and_every_district(client):
    check(commission_a_sas_practice(client))


def test_a_commissioner_keeps_where_people_send_appeals(client):
    commissioner = factories.CommissionerFactory(
        appeals_address="", appeals_postcode="", appeals_phone="", appeals_email=""
    )
    user = factories.MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user
    sign_in(client, user, commissioner)
    data = {
        "name": "NHS Sussex ICB",
        "ods_code": "70F",
        "appeals_address": "Primary Care Team\n1 ICB House\nBrighton",
        "appeals_postcode": "BN1 1AA",
        "appeals_phone": "0300 111 2222",
        "appeals_email": "appeals@icb.example.nhs.uk",
    }
    sent = submit(
        client, reverse("accounts:organisation-edit", args=[commissioner.public_id]), data
    )
    assert sent.status_code == 302, page_errors(sent)
    commissioner = Organisation.objects.get(pk=commissioner.pk)
    stored = {
        "name": commissioner.name,
        "ods_code": commissioner.ods_code,
        "appeals_address": commissioner.appeals_address,
        "appeals_postcode": commissioner.appeals_postcode,
        "appeals_phone": commissioner.appeals_phone,
        "appeals_email": commissioner.appeals_email,
    }
    practice_only = "a practice's SAS commissioning, not asked of a commissioner"
    check(
        RoundTrip(
            OrganisationForm,
            data,
            stored,
            unstored=dict.fromkeys(
                ("is_sas_practice", "list_capacity", "catchment_districts"), practice_only
            ),
        )
    )


def _letter_to_hand_over():
    """A letter to a person whose contact plan says: through their support worker."""
    practice = factories.PracticeFactory(address="1 High Street\nBrighton", phone="01273 000000")
    outreach = factories.PartnerFactory(name="Brighton Outreach")
    worker = factories.MembershipFactory(organisation=outreach, role=Role.SUPPORT_WORKER).user
    patient = factories.PatientFactory(related_to=[outreach])
    worker_route(patient, 1, outreach, worker)
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        letter = routing.queue_for_patient(
            None, practice, patient=patient, template="comms/plain", context=ROUTED_CONTEXT
        )
    # Written five days ago, so a day other than today can be given (a service that kept
    # today instead of the day typed would fail).
    Message.objects.filter(pk__in=[letter.pk, *letter.tries.values_list("pk", flat=True)]).update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    handover = Message.objects.get(parent=letter, kind=Message.Kind.IN_PERSON)
    return worker, outreach, handover


@scenario(HandoverForm)
def hand_over_a_letter(client):
    worker, outreach, handover = _letter_to_hand_over()
    sign_in(client, worker, outreach)
    data = date_parts("on", timezone.localdate() - datetime.timedelta(days=3))
    url = reverse("comms:handover-confirm", args=[handover.public_id])
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    handover.refresh_from_db()
    assert handover.status == Message.Status.DELIVERED
    return RoundTrip(HandoverForm, data, {"on": handover.handed_over_on})


def test_a_letter_handed_over_keeps_the_day_it_was_given(client):
    check(hand_over_a_letter(client))
