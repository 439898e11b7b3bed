"""Domestic abuse incidents and a MARAC referral on escalation round-trip: the day and the
note of each incident, and the day of the referral, are what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.support import services
from gateway.support.forms import EscalationReferralForm, IncidentForm
from gateway.support.models import AbuseIncident, MaracReferral
from gateway.support.services import incidents as incident_services
from gateway.support.tests.helpers import Person, dash_answers

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _signed_in(client):
    person = Person()
    sign_in(client, person.support_worker, person.refuge)
    return person


def _post(client, name, data, person):
    url = reverse(name, kwargs={"public_id": person.patient.public_id})
    response = submit(client, url, data)
    assert response.status_code == 302, page_errors(response)


@scenario(IncidentForm)
def incident(client):
    person = _signed_in(client)
    data = {**date_parts("occurred_on", _days_ago(9)), "note": "Threats by phone at night"}
    _post(client, "support:incident-new", data, person)
    stored = AbuseIncident.objects.get(patient=person.patient)
    return RoundTrip(IncidentForm, data, {"occurred_on": stored.occurred_on, "note": stored.note})


@scenario(EscalationReferralForm)
def escalation_referral(client):
    person = _signed_in(client)
    referral_day = _days_ago(90)
    checklist = services.record_dash(
        person.support_worker,
        person.refuge,
        person.patient,
        dash_answers(15),
        assessed_on=referral_day,
    )
    services.refer_to_marac(
        person.support_worker, person.refuge, checklist, referred_on=referral_day
    )
    for days in (60, 40, 20):
        incident_services.record_incident(
            person.support_worker, person.refuge, person.patient, occurred_on=_days_ago(days)
        )
    data = date_parts("referred_on", _days_ago(3))
    _post(client, "support:marac-escalation", data, person)
    referral = MaracReferral.objects.filter(reason="escalation").get()
    return RoundTrip(EscalationReferralForm, data, {"referred_on": referral.referred_on})


def test_an_incident_keeps_its_day_and_what_happened(client):
    check(incident(client))


def test_a_marac_referral_on_escalation_keeps_the_day_it_was_made(client):
    check(escalation_referral(client))
