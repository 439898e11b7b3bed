"""The contact routes and consent demo: built through the services,
showing a safety mark, a route through the worker, a person with no usable route and the
support worker's clients — and loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from gateway.accounts.models import User
from gateway.nonprod.demo_data import demo_email, demo_nhs_number
from gateway.patients import queries
from gateway.patients.models import Consent, ContactRoute, Patient
from gateway.patients.queries import caseload

pytestmark = pytest.mark.django_db


def test_the_demo_has_contact_plans_consents_and_a_caseload():
    call_command("load_demo", stdout=io.StringIO())
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    assert [c.usable for c in queries.contact_plan_for(jordan)] == [True, True, True]
    gemma = Patient.objects.get(nhs_number=demo_nhs_number(9))
    plan = queries.contact_plan_for(gemma)
    assert [(c.route.kind, c.usable) for c in plan] == [("postal", False), ("email", True)]
    connor = Patient.objects.get(family_name="Walsh")
    assert not any(c.usable for c in queries.contact_plan_for(connor))
    worker = User.objects.get(username=demo_email("support-worker"))
    outreach = worker.memberships.get().organisation
    clients = {p.family_name for p in caseload.clients(worker, outreach)}
    assert {"Reeves", "Price", "Hughes"} <= clients
    counts = (ContactRoute.objects.count(), Consent.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ContactRoute.objects.count(), Consent.objects.count()) == counts
