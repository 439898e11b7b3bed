"""Referrals to services round-trip: a referral (to a service that uses Gateway, named as well,
of a kind the list does not have) and the service's decline with its reason and details are
stored as they were given."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.support.forms.referrals import OutcomeForm, ReferralForm
from gateway.support.models import ServiceReferral
from gateway.support.services import referrals as referral_services
from gateway.support.tests.helpers import Person
from gateway.support.tests.test_referrals import refer_consent

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _post(client, name, data, **kwargs):
    response = submit(client, reverse(name, kwargs=kwargs), data)
    assert response.status_code == 302, page_errors(response)
    return response


@scenario(ReferralForm)
def referral(client):
    """The housing team refers the person, with their consent, to the refuge."""
    person = Person()
    refer_consent(person)
    sign_in(client, person.housing_worker, person.housing)
    data = {
        "service_type": ServiceReferral.ServiceType.OTHER,
        "service_type_other": "Women's specialist refuge with a mental health worker",
        "receiving_organisation": str(person.refuge.public_id),
        "receiving_service_name": "Safe Haven, Brighton house",
        "reason": "Fleeing her partner; needs a safe place tonight",
        "persons_wishes": "Near her children's school",
        **date_parts("sent_on", _days_ago(1)),
    }
    checking = _post(client, "support:referral-new", data, public_id=person.patient.public_id)
    # Check your answers, then record: nothing is written before.
    assert not ServiceReferral.objects.filter(patient=person.patient).exists()
    recorded = submit(client, checking["Location"], {})
    assert recorded.status_code == 302, page_errors(recorded)
    sent = ServiceReferral.objects.get(patient=person.patient)
    stored = {
        "service_type": sent.service_type,
        "service_type_other": sent.service_type_other,
        "receiving_organisation": str(sent.receiving_organisation.public_id),
        "receiving_service_name": sent.receiving_service_name,
        "reason": sent.reason,
        "persons_wishes": sent.persons_wishes,
        "sent_on": sent.sent_on,
    }
    return RoundTrip(ReferralForm, data, stored)


@scenario(OutcomeForm)
def outcome(client):
    """The refuge declines the referral for another reason, and says what it is."""
    person = Person()
    refer_consent(person)
    sent = referral_services.send_referral(
        person.housing_worker,
        person.housing,
        person.patient,
        service_type=ServiceReferral.ServiceType.REFUGE,
        receiving_organisation=person.refuge,
        reason="Fleeing her partner",
        sent_on=_days_ago(6),
    )
    sign_in(client, person.support_worker, person.refuge)
    data = {
        "to_status": ServiceReferral.Status.DECLINED,
        **date_parts("on", _days_ago(2)),
        "decline_reason": "other",
        "note": "Her partner knows where the refuge is",
    }
    _post(client, "support:referral-change", data, public_id=sent.public_id)
    sent.refresh_from_db()
    change = sent.changes.get(to_status=ServiceReferral.Status.DECLINED)
    stored = {
        "to_status": sent.status,
        "on": sent.status_changed_on,
        "decline_reason": sent.decline_reason.code,
        "note": sent.decline_detail,
    }
    assert (change.on, change.decline_reason, change.note) == (
        sent.status_changed_on,
        sent.decline_reason,
        sent.decline_detail,
    )
    return RoundTrip(OutcomeForm, data, stored)


def test_a_referral_keeps_the_kind_of_service_the_service_and_every_answer(client):
    check(referral(client))


def test_a_decline_keeps_the_date_the_reason_and_the_details(client):
    check(outcome(client))
