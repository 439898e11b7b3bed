"""The demo for the patient's own page (README): Elliot Marsh has a confirmed mobile number,
so the demo SAS practice can give him a code on screen or by text — and loading twice adds
nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from gateway.accounts.models import User
from gateway.comms.models import Message
from gateway.nonprod.demo_data import demo_email
from gateway.nonprod.portal_demo import DEMO_MOBILE
from gateway.patients.models import ContactRoute, Patient
from gateway.portal import queries, services

pytestmark = pytest.mark.django_db


def test_the_demo_sas_practice_can_text_elliot_a_code():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    elliot = Patient.objects.get(given_name="Elliot", family_name="Marsh")
    assert ContactRoute.objects.filter(patient=elliot).count() == 1
    [route] = queries.code_routes(elliot)
    assert route.phone_number == DEMO_MOBILE
    sas_user = User.objects.get(username=demo_email("sas-practice-staff"))
    organisation = sas_user.memberships.get().organisation
    with transaction.atomic():
        issued = services.issue_code(sas_user, organisation, elliot, "text", route=route)
    assert issued.shown in Message.objects.get(template="portal/code").body_text
