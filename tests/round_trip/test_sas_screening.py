"""The screening pages round-trip: the commissioner's question and its date, the practice's
answer, the reason a report is declined and the SAS practice chosen (with why, when it is not
the suggested one) are what Gateway keeps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.sas import services
from gateway.sas.forms.reports import (
    AllocateForm,
    AnswerInformationForm,
    DeclineForm,
    InformationRequestForm,
)
from gateway.sas.models import Allocation, StatusHistory
from gateway.sas.states import State
from gateway.sas.tests.report_helpers import Scheme
from tests.factories import SasPracticeFactory

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _url(name, episode):
    return reverse(f"sas:{name}", kwargs={"public_id": episode.public_id})


def _screening():
    scheme = Scheme()
    return scheme, scheme.screening()


@scenario(InformationRequestForm)
def information_requested(client):
    scheme, episode = _screening()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "question": "Was anyone else in the room? Send the nurse's written account.",
        **date_parts("due_on", timezone.localdate() + datetime.timedelta(days=6)),
    }
    sent = submit(client, _url("request-information", episode), data)
    assert sent.status_code == 302, page_errors(sent)
    request = episode.information_requests.get()
    return RoundTrip(
        InformationRequestForm, data, {"question": request.question, "due_on": request.due_on}
    )


@scenario(AnswerInformationForm)
def information_answered(client):
    scheme, episode = _screening()
    services.request_more_information(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        episode.version,
        "Was anyone else in the room?",
        timezone.localdate() + datetime.timedelta(days=6),
    )
    sign_in(client, scheme.practice_user, scheme.practice)
    data = {"answer": "Yes: the practice nurse. Her written account is attached to our notes."}
    sent = submit(client, _url("answer-information", episode), data)
    assert sent.status_code == 302, page_errors(sent)
    return RoundTrip(
        AnswerInformationForm, data, {"answer": episode.information_requests.get().answer}
    )


@scenario(DeclineForm)
def report_declined(client):
    scheme, episode = _screening()
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {"reason": "The incident was a complaint about waiting times, with no threat made."}
    sent = submit(client, _url("decline", episode), data)
    assert sent.status_code == 302, page_errors(sent)
    declined = StatusHistory.objects.get(episode=episode, transition="decline")
    assert declined.to_state == State.DECLINED
    return RoundTrip(DeclineForm, data, {"reason": declined.reason})


@scenario(AllocateForm)
def allocated_away_from_the_suggestion(client):
    """Two SAS practices: the one whose catchment covers the patient's BN1 is suggested; the
    commissioner chooses the other and says why."""
    scheme, episode = _screening()
    SasPracticeFactory(commissioner=scheme.commissioner, name="Brighton SAS practice")
    chosen = SasPracticeFactory(
        commissioner=scheme.commissioner, name="Hove SAS practice", catchment_districts=["BN3"]
    )
    sign_in(client, scheme.commissioner_user, scheme.commissioner)
    data = {
        "sas_practice": str(chosen.public_id),
        "override_reason": "The patient's support worker is based in Hove.",
    }
    sent = submit(client, _url("allocate", episode), data)
    assert sent.status_code == 302, page_errors(sent)
    allocation = Allocation.objects.get(episode=episode)
    assert allocation.suggested_practice.name == "Brighton SAS practice"
    stored = {
        "sas_practice": allocation.sas_practice.public_id,
        "override_reason": allocation.override_reason,
    }
    return RoundTrip(AllocateForm, data, stored)


def test_a_request_for_information_keeps_the_question_and_the_date_to_answer_by(client):
    check(information_requested(client))


def test_the_practices_answer_is_kept_with_the_request(client):
    check(information_answered(client))


def test_a_declined_report_keeps_why_it_does_not_qualify(client):
    check(report_declined(client))


def test_an_allocation_away_from_the_suggested_practice_keeps_the_practice_and_why(client):
    check(allocated_away_from_the_suggestion(client))
