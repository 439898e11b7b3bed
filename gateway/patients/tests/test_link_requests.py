"""The commissioner acts on requests to link an organisation to a person already on Gateway
that it cannot see (ADR 0035; issue 16 item 3): the list of open requests, link or decline
with a reason (audited, once only), and the asking organisation told the answer on its home
page."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import LinkRequest, PatientRelationship
from gateway.patients.services.patients import request_link
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("patients:link-requests")


def page(url):
    return reverse("patients:link-request", args=[url.public_id])


class Area:
    """A commissioner and a practice in its area; a person the commissioner works with whom
    the practice cannot see; the practice's request to add them."""

    def __init__(self):
        self.commissioner = factories.CommissionerFactory()
        self.practice = factories.PracticeFactory(commissioner=self.commissioner)
        self.person = factories.PatientFactory(related_to=[self.commissioner])
        self.asker = self.member(self.practice, Role.PRACTICE_STAFF)
        self.decider = self.member(self.commissioner, Role.COMMISSIONER)
        self.request = request_link(self.asker, self.practice, self.person)

    @staticmethod
    def member(organisation, role):
        return factories.MembershipFactory(organisation=organisation, role=role).user

    def client(self, user, organisation):
        return sign_in(Client(), user, organisation)

    def commissioner_client(self):
        return self.client(self.decider, self.commissioner)

    def practice_client(self):
        return self.client(self.asker, self.practice)


@pytest.fixture
def area():
    return Area()


def decisions(link):
    return list(
        AuditEvent.objects.filter(
            object_type="patients.LinkRequest", object_id=str(link.public_id), action="state_change"
        )
    )


def test_list_shows_only_this_commissioners_open_requests(area, django_assert_max_num_queries):
    unseen = factories.PatientFactory()  # known only to a practice elsewhere
    request_link(area.asker, area.practice, unseen)
    for _ in range(3):
        request_link(
            area.asker, area.practice, factories.PatientFactory(related_to=[area.commissioner])
        )
    decided = request_link(area.asker, area.practice, factories.PatientFactory())
    LinkRequest.objects.filter(pk=decided.pk).update(
        resolved_at=decided.created_at, outcome="declined"
    )
    elsewhere = Area()  # another commissioner's request
    client = area.commissioner_client()

    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    text = response.content.decode()

    assert response.status_code == 200
    assert "5 requests, showing 1 to 5" in text
    assert f"{area.person.family_name}, {area.person.given_name}" in text
    assert area.practice.name in text
    assert area.asker.full_name in text
    assert "A person you cannot see" in text
    assert unseen.family_name not in text
    assert str(decided.public_id) not in text
    assert str(elsewhere.request.public_id) not in text
    assert elsewhere.person.family_name not in text


def test_the_list_costs_the_same_however_many_requests(area, django_assert_max_num_queries):
    for _ in range(30):
        request_link(
            area.asker, area.practice, factories.PatientFactory(related_to=[area.commissioner])
        )
    client = area.commissioner_client()
    with django_assert_max_num_queries(12):
        response = client.get(LIST + "?page=2")
    assert "31 requests, showing 26 to 31" in response.content.decode()


def test_link_gives_the_organisation_the_record(area):
    practice = area.practice_client()
    record = reverse("patients:detail", args=[area.person.public_id])
    assert practice.get(record).status_code == 404
    commissioner = area.commissioner_client()

    form = commissioner.get(page(area.request)).content.decode()
    assert area.person.full_name in form
    assert f"Link: let {area.practice.name} see the person&#39;s record" in form
    response = commissioner.post(page(area.request), {"decision": "link"}, follow=True)

    assert f"{area.practice.name} can now see {area.person.full_name}&#39;s record" in (
        response.content.decode()
    )
    area.request.refresh_from_db()
    assert (area.request.outcome, area.request.resolved_by, area.request.reason) == (
        "linked",
        area.decider,
        "",
    )
    assert area.request.resolved_at is not None
    link = PatientRelationship.objects.get(patient=area.person, organisation=area.practice)
    assert (link.kind, link.is_active, link.reason) == (
        "linked",
        True,
        "Linked by the commissioner",
    )
    assert practice.get(record).status_code == 200
    # The practice finds the person by NHS number now.
    found = practice.post(
        reverse("patients:search"), {"nhs_number": area.person.nhs_number}, follow=True
    )
    assert area.person.family_name in found.content.decode()
    [event] = decisions(area.request)
    assert (event.actor, event.organisation, event.patient_id) == (
        area.decider,
        area.commissioner,
        area.person.pk,
    )
    assert event.detail == {
        "outcome": "linked",
        "linked_organisation": area.practice.pk,
        "relationship": "linked",
    }
    assert area.person.nhs_number not in str(event.detail)


def test_opening_a_request_is_a_view_of_the_person(area):
    area.commissioner_client().get(page(area.request))
    view = AuditEvent.objects.get(action="view", object_type="patients.LinkRequest")
    assert (view.patient_id, view.detail) == (area.person.pk, {"page": "request to link"})


def test_decline_keeps_the_person_hidden(area):
    commissioner = area.commissioner_client()
    response = commissioner.post(
        page(area.request),
        {"decision": "decline", "reason": "Ask the person's support worker to refer them."},
        follow=True,
    )
    assert "You declined." in response.content.decode()
    area.request.refresh_from_db()
    assert (area.request.outcome, area.request.resolved_by, area.request.reason) == (
        "declined",
        area.decider,
        "Ask the person's support worker to refer them.",
    )
    assert not PatientRelationship.objects.filter(organisation=area.practice).exists()
    record = reverse("patients:detail", args=[area.person.public_id])
    assert area.practice_client().get(record).status_code == 404
    [event] = decisions(area.request)
    assert event.detail == {"outcome": "declined"}
    assert sorted(event.changed_fields) == ["outcome", "reason", "resolved_at", "resolved_by"]


def test_decline_needs_a_reason(area):
    response = area.commissioner_client().post(page(area.request), {"decision": "decline"})
    assert "Say why you are declining, so they can be told" in response.content.decode()
    area.request.refresh_from_db()
    assert area.request.resolved_at is None
    assert decisions(area.request) == []


def test_the_requester_is_told_on_their_home_page(area):
    second = request_link(
        area.asker, area.practice, factories.PatientFactory(related_to=[area.commissioner])
    )
    commissioner = area.commissioner_client()
    commissioner.post(page(area.request), {"decision": "link"})
    commissioner.post(page(second), {"decision": "decline", "reason": "Not in our area."})

    home = area.practice_client().get(reverse("core:home")).content.decode()

    assert "Your commissioner's answers" in home
    assert f"{area.person.full_name}</a> is now on your records" in home
    assert "You can find them by their NHS number." in home
    assert "Your commissioner did not add the person you asked about on" in home
    assert "Their reason: Not in our area." in home
    assert f"(asked by {area.asker.full_name})" in home
    assert second.patient.family_name not in home


def test_a_second_decision_is_refused_and_changes_nothing(area):
    first, second = area.commissioner_client(), area.commissioner_client()
    second.get(page(area.request))  # a second tab, opened before the first decides
    first.post(page(area.request), {"decision": "link"})

    response = second.post(page(area.request), {"decision": "decline", "reason": "No."})

    text = response.content.decode()
    assert f"{area.decider.full_name} already linked this request on" in text
    assert "Nothing has been changed." in text
    area.request.refresh_from_db()
    assert (area.request.outcome, area.request.reason) == ("linked", "")
    assert len(decisions(area.request)) == 1
    # Opening it again says what was decided, with no form.
    again = second.get(page(area.request)).content.decode()
    assert f"{area.decider.full_name} linked this request on" in again
    assert "Save decision" not in again


def test_another_commissioner_gets_not_found(area):
    other = Area()
    client = other.commissioner_client()
    assert client.get(page(area.request)).status_code == 404
    assert client.post(page(area.request), {"decision": "link"}).status_code == 404
    area.request.refresh_from_db()
    assert area.request.resolved_at is None
    refused = AuditEvent.objects.filter(action="refused", detail__refused=404)
    assert {e.object_id for e in refused} == {str(area.request.public_id)}


def test_a_commissioner_who_cannot_see_the_person_may_only_decline(area):
    unseen = request_link(area.asker, area.practice, factories.PatientFactory())
    client = area.commissioner_client()
    form = client.get(page(unseen)).content.decode()
    assert "Someone your organisation cannot see. You can decline, but not link." in form
    assert 'value="link"' not in form
    assert unseen.patient.family_name not in form
    client.post(page(unseen), {"decision": "link"})
    unseen.refresh_from_db()
    assert unseen.resolved_at is None
    assert not PatientRelationship.objects.filter(organisation=area.practice).exists()
    assert not AuditEvent.objects.filter(action="view", patient_id=unseen.patient_id).exists()


def test_commissioner_home_page_counts_open_requests(area):
    request_link(area.asker, area.practice, factories.PatientFactory())
    home = area.commissioner_client().get(reverse("core:home")).content.decode()
    assert f'href="{LIST}">2 requests to see a person\'s record</a>' in home


def test_other_roles_may_not_decide(area):
    panel = area.member(area.commissioner, Role.PANEL_MEMBER)
    client = area.client(panel, area.commissioner)
    assert client.get(LIST).status_code == 403
    assert client.post(page(area.request), {"decision": "link"}).status_code == 403
