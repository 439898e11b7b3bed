"""Round trips of a request to link an organisation to a person (ADR 0035): the commissioner's
decision and the reason for declining, which the organisation that asked is shown, are what
Gateway stores on the request."""

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.patients.forms.link_requests import DECLINE, LINK, LinkDecisionForm
from gateway.patients.models import LinkRequest
from gateway.patients.services.patients import request_link
from tests import factories

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

# The request stores the decision as its outcome, in the past tense.
DECISION_OF = {LinkRequest.Outcome.LINKED: LINK, LinkRequest.Outcome.DECLINED: DECLINE}


@scenario(LinkDecisionForm)
def decline_a_link_request(client):
    commissioner = factories.CommissionerFactory()
    practice = factories.PracticeFactory(commissioner=commissioner)
    person = factories.PatientFactory(related_to=[commissioner])
    asker = factories.MembershipFactory(organisation=practice, role=Role.PRACTICE_STAFF).user
    decider = factories.MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user
    asked = request_link(asker, practice, person)
    sign_in(client, decider, commissioner)
    data = {"decision": DECLINE, "reason": "Ask the person's support worker to refer them."}
    sent = submit(client, reverse("patients:link-request", args=[asked.public_id]), data)
    assert sent.status_code == 302, page_errors(sent)
    asked.refresh_from_db()
    assert asked.resolved_by == decider
    return RoundTrip(
        LinkDecisionForm,
        data,
        {"decision": DECISION_OF[asked.outcome], "reason": asked.reason},
        form_kwargs={"organisation_name": practice.name},
    )


def test_a_declined_link_request_keeps_the_decision_and_the_reason_the_asker_is_shown(client):
    check(decline_a_link_request(client))
