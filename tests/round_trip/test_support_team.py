"""The support team, working agreements, meetings and actions round-trip: a worker joining and
leaving the team, an agreement with two services in it, a meeting attended by two
organisations and two people (ticking two once kept one), an action and its closing are
stored as the support worker gave them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Membership, Role
from gateway.support.forms.team import (
    ActionForm,
    AgreementForm,
    CloseActionForm,
    EndTeamMemberForm,
    MeetingForm,
    TeamMemberForm,
)
from gateway.support.models import (
    Action,
    Meeting,
    MeetingAttendee,
    SupportTeamMember,
    WorkingAgreement,
)
from gateway.support.services import meetings as meeting_services
from gateway.support.services import team as team_services
from gateway.support.services.meetings import Attendee
from gateway.support.tests.helpers import Person
from tests.factories import MembershipFactory

from .harness import RoundTrip, check, date_parts, page_errors, scenario, submit

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _signed_in(client):
    person = Person()
    sign_in(client, person.support_worker, person.refuge)
    return person


def _membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def _post(client, name, data, **kwargs):
    response = submit(client, reverse(name, kwargs=kwargs), data)
    assert response.status_code == 302, page_errors(response)
    return response


def _team_member(client, **fields):
    person = _signed_in(client)
    worker = _membership(person.support_worker, person.refuge)
    data = {
        "member_organisation": str(person.refuge.public_id),
        "worker": str(worker.pk),
        "worker_name": "Ola Brown",
        "worker_contact": "07700 900123, weekdays",
        "role": "Refuge key worker",
        **date_parts("started_on", _days_ago(20)),
        "is_lead": "on",
        **fields,
    }
    _post(client, "support:team-member-add", data, public_id=person.patient.public_id)
    member = SupportTeamMember.objects.get(patient=person.patient)
    stored = {
        "member_organisation": member.organisation,
        "worker": _membership(member.worker, member.organisation) if member.worker else None,
        "worker_name": member.worker_name,
        "worker_contact": member.worker_contact,
        "role": member.role,
        "started_on": member.started_on,
        "is_lead": member.is_lead,
    }
    return data, stored


@scenario(TeamMemberForm)
def team_member_with_an_account(client):
    data, stored = _team_member(client, worker_name="")
    return RoundTrip(
        TeamMemberForm,
        data,
        stored,
        unstored={
            "worker_name": "asked only for someone with no Gateway account, so left empty "
            "when a worker is chosen from the list: they are named by their account "
            "(team_member_without_an_account round-trips the name)"
        },
    )


def team_member_without_an_account(client):
    data, stored = _team_member(client, worker="")
    return RoundTrip(
        TeamMemberForm,
        data,
        stored,
        unstored={
            "worker": "left as 'No one with an account' so the typed name is used "
            "(team_member_with_an_account round-trips the account)"
        },
    )


@scenario(EndTeamMemberForm)
def team_member_leaves(client):
    person = _signed_in(client)
    member = team_services.add_team_member(
        person.support_worker,
        person.refuge,
        person.patient,
        member_organisation=person.refuge,
        worker=person.support_worker,
        role="Refuge key worker",
        started_on=_days_ago(60),
        is_lead=True,
    )
    data = {**date_parts("ended_on", _days_ago(2)), "reason": "She moved to a refuge in Leeds"}
    _post(client, "support:team-member-end", data, public_id=member.public_id)
    member.refresh_from_db()
    return RoundTrip(
        EndTeamMemberForm, data, {"ended_on": member.ended_on, "reason": member.end_reason}
    )


@scenario(AgreementForm)
def agreement(client):
    """A new agreement over the current one, with two services in it."""
    person = _signed_in(client)
    earlier = team_services.record_agreement(
        person.support_worker,
        person.refuge,
        person.patient,
        replaces=None,
        agreed_on=_days_ago(90),
        review_on=_days_ago(30),
        persons_goals="Somewhere safe to sleep",
        services_will="Find a refuge space",
    )
    data = {
        "replaces": str(earlier.public_id),
        **date_parts("agreed_on", _days_ago(1)),
        "persons_goals": "Keep my room and see my kids on Saturdays",
        "services_will": "Refuge keeps the room; housing starts the council application",
        "person_will": "Go to the GP about my sleep",
        "how_to_keep_in_touch": "Text on Mondays, or drop in at the day centre",
        "services": [str(person.housing.public_id), str(person.refuge.public_id)],
        "person_agreed": "on",
        **date_parts("review_on", _days_ago(-28)),
    }
    _post(client, "support:agreement-new", data, public_id=person.patient.public_id)
    current = WorkingAgreement.objects.get(patient=person.patient, superseded_at__isnull=True)
    superseded = WorkingAgreement.objects.get(patient=person.patient, superseded_at__isnull=False)
    stored = {
        "replaces": str(superseded.public_id),
        "agreed_on": current.agreed_on,
        "persons_goals": current.persons_goals,
        "services_will": current.services_will,
        "person_will": current.person_will,
        "how_to_keep_in_touch": current.how_to_keep_in_touch,
        "services": [str(o.public_id) for o in current.services.all()],
        "person_agreed": current.person_agreed,
        "review_on": current.review_on,
    }
    return RoundTrip(AgreementForm, data, stored)


@scenario(MeetingForm)
def meeting(client):
    """Two organisations (the refuge, whose two workers came, and the council's housing team on
    its own), two people with accounts and two without."""
    person = _signed_in(client)
    first = _membership(person.support_worker, person.refuge)
    second = MembershipFactory(organisation=person.refuge, role=Role.SUPPORT_WORKER)
    data = {
        **date_parts("held_on", _days_ago(3)),
        "organisations": [str(person.refuge.public_id), str(person.housing.public_id)],
        "people": [str(first.pk), str(second.pk)],
        "others": "Jo Smith, hostel key worker\nDr Amir Khan, GP",
        "participation": Meeting.Participation.NOT_INVITED,
        "persons_views": "Said through her key worker: not the hostel on West Street",
        "not_invited_reason": "The meeting was about a risk from her ex-partner",
        "discussion": "Where she can stay safely this month",
        "decisions": "Refuge keeps the room; housing to assess",
    }
    checking = _post(client, "support:meeting-new", data, public_id=person.patient.public_id)
    # Check your answers, then record: nothing is written before.
    assert not Meeting.objects.filter(patient=person.patient).exists()
    recorded = submit(client, checking["Location"], {})
    assert recorded.status_code == 302, page_errors(recorded)
    held = Meeting.objects.get(patient=person.patient)
    attendees = list(MeetingAttendee.objects.filter(meeting=held))
    stored = {
        "held_on": held.held_on,
        "organisations": {str(a.organisation.public_id) for a in attendees if a.organisation},
        "people": [_membership(a.user, a.organisation) for a in attendees if a.user],
        "others": "\n".join(f"{a.name}, {a.role}" for a in attendees if a.name),
        "participation": held.participation,
        "persons_views": held.persons_views,
        "not_invited_reason": held.not_invited_reason,
        "discussion": held.discussion,
        "decisions": held.decisions,
    }
    return RoundTrip(MeetingForm, data, stored)


def _meeting(person):
    return meeting_services.record_meeting(
        person.support_worker,
        person.refuge,
        person.patient,
        held_on=_days_ago(5),
        participation=Meeting.Participation.ATTENDED,
        persons_views="I want to stay near my sister",
        attendees=[Attendee(organisation=person.refuge)],
    )


@scenario(ActionForm)
def action(client):
    person = _signed_in(client)
    held = _meeting(person)
    owner = _membership(person.housing_worker, person.housing)
    data = {
        "description": "Start the council housing application",
        "owner": str(owner.pk),
        **date_parts("due_on", _days_ago(-10)),
    }
    _post(client, "support:action-new", data, public_id=held.public_id)
    added = Action.objects.get(meeting=held)
    stored = {
        "description": added.description,
        "owner": _membership(added.owner, added.owner_organisation),
        "due_on": added.due_on,
    }
    return RoundTrip(ActionForm, data, stored)


@scenario(CloseActionForm)
def close_action(client):
    person = _signed_in(client)
    held = _meeting(person)
    open_action = meeting_services.add_action(
        person.support_worker,
        person.refuge,
        held,
        description="Ask the hostel to hold the room",
        owner_membership=_membership(person.support_worker, person.refuge),
        due_on=_days_ago(-3),
    )
    data = {"outcome_choice": "cancelled", "outcome": "She found a refuge space instead"}
    _post(client, "support:action-close", data, public_id=open_action.public_id)
    open_action.refresh_from_db()
    stored = {"outcome_choice": open_action.status, "outcome": open_action.outcome}
    return RoundTrip(CloseActionForm, data, stored)


def test_a_team_member_with_an_account_keeps_every_answer(client):
    check(team_member_with_an_account(client))


def test_a_team_member_without_an_account_keeps_their_name(client):
    check(team_member_without_an_account(client))


def test_a_team_member_leaving_keeps_the_date_and_why(client):
    check(team_member_leaves(client))


def test_a_working_agreement_keeps_every_answer_and_both_services(client):
    trip = agreement(client)
    check(trip)
    assert len(trip.stored["services"]) == 2


def test_a_meeting_keeps_every_organisation_and_person_who_attended(client):
    trip = meeting(client)
    check(trip)
    # Both organisations and both people ticked are on the record, not one of each.
    assert len(trip.stored["organisations"]) == 2
    assert len(trip.stored["people"]) == 2


def test_an_action_keeps_what_who_and_when(client):
    check(action(client))


def test_closing_an_action_keeps_whether_it_was_done_and_the_outcome(client):
    check(close_action(client))
