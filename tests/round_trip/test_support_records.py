"""Deaths and safety flags round-trip: a death recorded and later changed as the learning
review goes on, a flag set and a flag ended are stored as they were given."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.audit.models import AuditEvent
from gateway.patients.models import PatientFlag
from gateway.support.forms.deaths import DeathEditForm, DeathForm
from gateway.support.forms.flags import EndFlagForm, FlagForm
from gateway.support.models import Death
from gateway.support.services import deaths as death_services
from gateway.support.services import flags as flag_services
from gateway.support.tests.helpers import Person

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _signed_in(client):
    person = Person()
    sign_in(client, person.support_worker, person.refuge)
    return person


def _post(client, name, data, **kwargs):
    response = submit(client, reverse(name, kwargs=kwargs), data)
    assert response.status_code == 302, page_errors(response)
    return response


def _death_as_stored(death):
    return {name: getattr(death, name) for name in death_services.FIELDS}


@scenario(DeathForm)
def death(client):
    person = _signed_in(client)
    data = {
        **date_parts("died_on", _days_ago(4)),
        "date_is_estimated": "on",
        "place": Death.Place.OTHER,
        "place_detail": "A friend's flat in Hove",
        "cause_category": Death.Cause.DRUG_POISONING,
        "cause_detail": "Heroin and pregabalin, found by a friend",
        "preventable": Death.Judgement.YES,
        "treatable": Death.Judgement.NO,
        "learning_review_status": Death.ReviewStatus.COMPLETE,
        "learning_review_findings": "Naloxone had not been offered since she left the hostel",
    }
    _post(client, "support:death-new", data, public_id=person.patient.public_id)
    return RoundTrip(DeathForm, data, _death_as_stored(Death.objects.get(patient=person.patient)))


@scenario(DeathEditForm)
def death_changed(client):
    """The learning review moves on: every answer is changed from what was first recorded."""
    person = _signed_in(client)
    death_services.record_death(
        person.support_worker,
        person.refuge,
        person.patient,
        {
            "died_on": _days_ago(40),
            "date_is_estimated": False,
            "place": Death.Place.NOT_KNOWN,
            "cause_category": Death.Cause.NOT_KNOWN,
            "preventable": Death.Judgement.NOT_YET_KNOWN,
            "treatable": Death.Judgement.NOT_YET_KNOWN,
            "learning_review_status": Death.ReviewStatus.NOT_STARTED,
        },
    )
    data = {
        **date_parts("died_on", _days_ago(42)),
        "date_is_estimated": "on",
        "place": Death.Place.STREET,
        "place_detail": "The underpass by the station",
        "cause_category": Death.Cause.INFECTION,
        "cause_detail": "Sepsis from an untreated leg wound",
        "preventable": Death.Judgement.YES,
        "treatable": Death.Judgement.YES,
        "learning_review_status": Death.ReviewStatus.IN_PROGRESS,
        "learning_review_findings": "Two missed wound-clinic appointments so far",
    }
    _post(client, "support:death-edit", data, public_id=person.patient.public_id)
    changed = Death.objects.get(patient=person.patient)
    assert changed.version == 2
    return RoundTrip(DeathEditForm, data, _death_as_stored(changed))


@scenario(FlagForm)
def flag(client):
    person = _signed_in(client)
    data = {
        "kind": PatientFlag.Kind.RISK_TO_STAFF,
        "detail": "Has threatened staff with a needle. See him with two staff, near the door.",
    }
    _post(client, "support:flag-new", data, public_id=person.patient.public_id)
    stored = PatientFlag.objects.get(patient=person.patient, kind=data["kind"])
    return RoundTrip(FlagForm, data, {"kind": stored.kind, "detail": stored.detail})


@scenario(EndFlagForm)
def end_flag(client):
    """The reason a flag ended is kept in the audit trail, with who ended it and when."""
    person = _signed_in(client)
    raised = flag_services.set_flag(
        person.support_worker,
        person.refuge,
        person.patient,
        kind=PatientFlag.Kind.RISK_FROM_OTHERS,
        detail="Her ex-partner has been seen outside the refuge",
    )
    data = {"reason": "He has been sent to prison for four years"}
    _post(
        client,
        "support:flag-end",
        data,
        public_id=person.patient.public_id,
        kind=PatientFlag.Kind.RISK_FROM_OTHERS,
    )
    raised.refresh_from_db()
    assert raised.ended_at is not None and raised.ended_by == person.support_worker
    ending = AuditEvent.objects.get(
        object_type="patients.PatientFlag",
        object_id=str(raised.pk),
        action=AuditEvent.Action.STATE_CHANGE,
    )
    return RoundTrip(EndFlagForm, data, {"reason": ending.detail["reason"]})


def test_a_death_keeps_every_answer_including_the_learning_review(client):
    check(death(client))


def test_changing_a_death_record_keeps_every_changed_answer(client):
    check(death_changed(client))


def test_a_safety_flag_keeps_its_kind_and_details(client):
    check(flag(client))


def test_ending_a_safety_flag_keeps_why(client):
    check(end_flag(client))
