"""Support team, working agreements, meetings and actions through the services
(docs/domain/multiple-disadvantage.md#what-helps "what helps": collaboration with consent, one lead
worker, working agreements, multi-agency meetings with the person involved, actions that are not
forgotten)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gateway.accounts.models import Membership, Role
from gateway.audit.models import AuditEvent
from gateway.patients.models import Consent
from gateway.support.models import Action, Meeting, SupportTeamMember, WorkingAgreement
from gateway.support.queries import team as team_queries
from gateway.support.services import meetings as meeting_services
from gateway.support.services import team as team_services
from gateway.support.services.meetings import Attendee
from tests.factories import MembershipFactory, PartnerFactory

from .helpers import Person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def person():
    return Person()


def share_consent(person, organisation, **fields):
    values = {
        "patient": person.patient,
        "purpose": Consent.Purpose.SHARE_INFORMATION,
        "organisation": organisation,
        "starts_on": LAST_WEEK,
        "method": Consent.Method.VERBAL,
        "recorded_by": person.support_worker,
        "recorded_by_organisation": person.refuge,
        **fields,
    }
    return Consent.objects.create(**values)


def add(person, organisation=None, **fields):
    values = {
        "member_organisation": organisation or person.refuge,
        "role": "Refuge key worker",
        "started_on": LAST_WEEK,
        **fields,
    }
    return team_services.add_team_member(
        person.support_worker, person.refuge, person.patient, **values
    )


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def meeting(person, **fields):
    values = {
        "held_on": LAST_WEEK,
        "participation": Meeting.Participation.ATTENDED,
        "persons_views": "I want to stay near my sister.",
        "decisions": "Ask housing about a room near Hove",
        "attendees": [Attendee(organisation=person.refuge, user=person.support_worker)],
        **fields,
    }
    return meeting_services.record_meeting(
        person.support_worker, person.refuge, person.patient, **values
    )


def action(person, owner=None, organisation=None, due_on=TODAY, the_meeting=None):
    return meeting_services.add_action(
        person.support_worker,
        person.refuge,
        the_meeting or meeting(person),
        description="Call housing options",
        owner_membership=membership(owner or person.support_worker, organisation or person.refuge),
        due_on=due_on,
    )


# --- Support team -----------------------------------------------------


def test_the_acting_organisation_joins_the_team_without_a_consent_row(person):
    member = add(person, worker=person.support_worker, is_lead=True)
    assert member.consent is None
    assert team_queries.lead_worker(person.patient) == member
    assert AuditEvent.objects.filter(object_id=str(member.public_id), action="create").exists()


def test_another_organisation_joins_only_with_consent_to_share_in_force(person):
    """docs/domain/multiple-disadvantage.md#what-helps / Caldicott: the team is known to each other
    only with the person's consent."""
    with pytest.raises(ValidationError) as refused:
        add(person, person.housing, role="Housing officer")
    assert "has not agreed to share information with Council Housing" in str(refused.value)
    consent = share_consent(person, person.housing)
    member = add(person, person.housing, role="Housing officer")
    assert member.consent == consent


@pytest.mark.parametrize(
    "fields",
    [
        {"withdrawn_at": timezone.now()},
        {"starts_on": LAST_WEEK - datetime.timedelta(days=30), "expires_on": LAST_WEEK},
        {"purpose": Consent.Purpose.REFER_TO_SERVICE},
    ],
    ids=["withdrawn", "expired", "another purpose"],
)
def test_withdrawn_expired_or_other_consent_does_not_let_an_organisation_join(person, fields):
    share_consent(person, person.housing, **fields)
    with pytest.raises(ValidationError):
        add(person, person.housing, role="Housing officer")
    assert not SupportTeamMember.objects.filter(organisation=person.housing).exists()


def test_a_worker_must_work_for_the_organisation_they_join_for(person):
    share_consent(person, person.housing)
    with pytest.raises(ValidationError) as refused:
        add(person, person.housing, worker=person.support_worker)
    assert "works for Council Housing" in str(refused.value)


def test_there_is_only_ever_one_open_lead_worker(person):
    first = add(person, worker=person.support_worker, is_lead=True)
    share_consent(person, person.housing)
    second = add(person, person.housing, worker=person.housing_worker, is_lead=True)
    first.refresh_from_db()
    assert not first.is_lead and second.is_lead
    assert AuditEvent.objects.filter(
        object_id=str(first.public_id), action="update", changed_fields=["is_lead"]
    ).exists()
    team_services.set_lead_worker(person.support_worker, person.refuge, first, first.version)
    assert team_queries.lead_worker(person.patient) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportTeamMember.objects.filter(pk=second.pk).update(is_lead=True)


def test_setting_the_lead_from_a_stale_page_is_refused(person):
    member = add(person, worker=person.support_worker)
    stale = member.version
    team_services.end_team_member(
        person.support_worker, person.refuge, member, stale, ended_on=TODAY
    )
    fresh = SupportTeamMember.objects.get(pk=member.pk)
    with pytest.raises(ValidationError, match="left the team"):
        team_services.set_lead_worker(person.support_worker, person.refuge, fresh, stale)
    other = add(person, worker_name="Jo Smith")
    with pytest.raises(ValidationError, match="Someone else changed this"):
        team_services.set_lead_worker(person.support_worker, person.refuge, other, 99)


def test_a_lead_worker_who_leaves_is_no_longer_the_lead(person):
    member = add(person, worker=person.support_worker, is_lead=True)
    team_services.end_team_member(
        person.support_worker,
        person.refuge,
        member,
        member.version,
        ended_on=TODAY,
        reason="Moved to another team",
    )
    member.refresh_from_db()
    assert member.ended_on == TODAY and not member.is_lead
    assert team_queries.lead_worker(person.patient) is None
    assert list(team_queries.team_for(person.patient)) == []


def test_an_organisation_not_involved_cannot_change_the_team(person):
    stranger = MembershipFactory(organisation=PartnerFactory(), role=Role.SUPPORT_WORKER)
    with pytest.raises(PermissionDenied):
        team_services.add_team_member(
            stranger.user,
            stranger.organisation,
            person.patient,
            member_organisation=stranger.organisation,
            role="Outreach",
            started_on=TODAY,
        )


# --- Working agreements -----------------------------------------------------------------


def agree(person, replaces=None, **fields):
    values = {
        "agreed_on": LAST_WEEK,
        "review_on": TODAY + datetime.timedelta(days=3),
        "persons_goals": "Somewhere safe to sleep, and to see my kids",
        "services_will": "Refuge keeps a room; housing looks for a flat",
        **fields,
    }
    return team_services.record_agreement(
        person.support_worker, person.refuge, person.patient, replaces=replaces, **values
    )


def test_a_new_working_agreement_supersedes_the_current_one_and_keeps_the_history(person):
    first = agree(person)
    second = agree(person, replaces=first, persons_goals="A flat near my sister")
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert team_queries.current_agreement(person.patient) == second
    assert list(team_queries.agreements_for(person.patient)) == [second, first]


def test_an_agreement_recorded_over_one_the_user_did_not_see_is_refused(person):
    first = agree(person)
    with pytest.raises(ValidationError, match="Someone else recorded a working agreement"):
        agree(person, replaces=None)
    agree(person, replaces=first)
    with pytest.raises(ValidationError, match="Someone else recorded"):
        agree(person, replaces=first)
    assert WorkingAgreement.objects.filter(superseded_at__isnull=True).count() == 1


def test_an_agreement_needs_the_persons_goals_and_a_review_date_after_it_was_made(person):
    with pytest.raises(ValidationError) as refused:
        agree(person, persons_goals=" ", review_on=LAST_WEEK - datetime.timedelta(days=1))
    assert set(refused.value.error_dict) == {"persons_goals", "review_on"}


def test_the_review_date_shows_on_the_lead_workers_worklist_when_due(person):
    """The working agreement's review is not forgotten."""
    add(person, worker=person.support_worker, is_lead=True)
    agreement = agree(person, review_on=TODAY + datetime.timedelta(days=30))
    user, org = person.support_worker, person.refuge
    assert list(team_queries.agreements_due_for_review(user, org)) == []
    later = TODAY + datetime.timedelta(days=25)
    assert list(team_queries.agreements_due_for_review(user, org, later)) == [agreement]
    # Someone who is not the lead worker does not get it.
    assert (
        list(team_queries.agreements_due_for_review(person.housing_worker, person.housing, later))
        == []
    )


# --- Meetings -----------------------------------------------------------


def test_a_meeting_keeps_attendees_the_persons_views_in_their_words_and_decisions(person):
    held = meeting(
        person,
        attendees=[
            Attendee(organisation=person.refuge, user=person.support_worker),
            Attendee(organisation=person.housing),
            Attendee(name="Jo Smith", role="Hostel key worker"),
        ],
    )
    assert held.persons_views == "I want to stay near my sister."
    assert held.attendees.count() == 3
    assert held.organised_by == person.refuge
    assert AuditEvent.objects.filter(object_id=str(held.public_id), action="create").exists()


@pytest.mark.parametrize(
    "participation", [Meeting.Participation.ATTENDED, Meeting.Participation.VIEWS_GIVEN]
)
def test_when_the_person_had_a_say_their_views_are_required(person, participation):
    """docs/domain/multiple-disadvantage.md#what-helps: meetings with the person involved — their
    words are part of the record."""
    with pytest.raises(ValidationError) as refused:
        meeting(person, participation=participation, persons_views="  ")
    assert "persons_views" in refused.value.error_dict


def test_a_person_not_invited_needs_a_reason_on_the_record(person):
    with pytest.raises(ValidationError) as refused:
        meeting(person, participation=Meeting.Participation.NOT_INVITED, persons_views="")
    assert "not_invited_reason" in refused.value.error_dict
    held = meeting(
        person,
        participation=Meeting.Participation.NOT_INVITED,
        persons_views="",
        not_invited_reason="In hospital; we will go through it with her on Friday",
    )
    assert held.not_invited_reason.startswith("In hospital")


def test_a_meeting_needs_someone_attending_and_cannot_be_in_the_future(person):
    with pytest.raises(ValidationError) as refused:
        meeting(person, attendees=[], held_on=TODAY + datetime.timedelta(days=1))
    assert "held_on" in refused.value.error_dict


# --- Actions ----------------------------------------------------------------------------


def test_an_action_appears_on_its_owners_worklist_until_done(person):
    """Actions with owner and due date show on the owner's worklist until done."""
    share_consent(person, person.housing)
    owned = action(person, owner=person.housing_worker, organisation=person.housing)
    worklist = team_queries.open_actions_for(person.housing_worker, person.housing)
    assert list(worklist) == [owned]
    assert list(team_queries.open_actions_for(person.support_worker, person.refuge)) == []
    meeting_services.complete_action(
        person.housing_worker, person.housing, owned, owned.version, outcome="Room offered"
    )
    assert list(team_queries.open_actions_for(person.housing_worker, person.housing)) == []
    owned.refresh_from_db()
    assert owned.status == Action.Status.DONE and owned.closed_by == person.housing_worker


def test_the_worklist_shows_overdue_actions_first(person):
    held = meeting(person, held_on=TODAY - datetime.timedelta(days=20))
    later = action(person, due_on=TODAY + datetime.timedelta(days=5), the_meeting=held)
    overdue = action(person, due_on=TODAY - datetime.timedelta(days=3), the_meeting=held)
    today = action(person, due_on=TODAY, the_meeting=held)
    worklist = team_queries.open_actions_for(person.support_worker, person.refuge)
    assert list(worklist) == [overdue, today, later]
    counts = team_queries.worklist_counts(person.support_worker, person.refuge)
    assert counts["open"] == 3 and counts["overdue"] == 1 and counts["due_soon"] == 2


def test_an_action_owner_must_work_for_an_organisation_involved_with_the_person(person):
    outsider = MembershipFactory(organisation=PartnerFactory(), role=Role.SUPPORT_WORKER)
    with pytest.raises(ValidationError) as refused:
        meeting_services.add_action(
            person.support_worker,
            person.refuge,
            meeting(person),
            description="Call",
            owner_membership=outsider,
            due_on=TODAY,
        )
    assert "owner" in refused.value.error_dict


def test_an_action_is_not_due_before_the_meeting(person):
    with pytest.raises(ValidationError) as refused:
        action(person, due_on=LAST_WEEK - datetime.timedelta(days=1))
    assert "due_on" in refused.value.error_dict


def test_cancelling_an_action_needs_a_reason_and_a_closed_action_cannot_be_closed_again(person):
    owned = action(person)
    with pytest.raises(ValidationError) as refused:
        meeting_services.cancel_action(
            person.support_worker, person.refuge, owned, owned.version, outcome=""
        )
    assert "why it is cancelled" in str(refused.value)
    meeting_services.cancel_action(
        person.support_worker, person.refuge, owned, owned.version, outcome="She found a flat"
    )
    assert owned.status == Action.Status.CANCELLED
    with pytest.raises(ValidationError, match="already cancelled"):
        meeting_services.complete_action(
            person.support_worker, person.refuge, owned, owned.version, outcome="Done"
        )


def test_closing_an_action_from_a_stale_page_is_refused(person):
    owned = action(person)
    stale = owned.version
    Action.objects.filter(pk=owned.pk).update(version=stale + 1)
    with pytest.raises(ValidationError, match="Someone else changed this"):
        meeting_services.complete_action(
            person.support_worker, person.refuge, owned, stale, outcome="Done"
        )
    assert Action.objects.get(pk=owned.pk).status == Action.Status.OPEN


def test_the_worklist_drops_actions_about_people_the_organisation_can_no_longer_see(person):
    owned = action(person)
    person.patient.relationships.filter(organisation=person.refuge).update(is_active=False)
    assert list(team_queries.open_actions_for(person.support_worker, person.refuge)) == []
    assert owned.status == Action.Status.OPEN


def test_the_meetings_list_counts_each_open_action_once_whoever_attended(person):
    held = meeting(
        person,
        attendees=[Attendee(organisation=person.refuge), Attendee(name="Jo", role="GP")],
    )
    action(person, the_meeting=held)
    done = action(person, the_meeting=held)
    meeting_services.complete_action(
        person.support_worker, person.refuge, done, done.version, outcome="Done"
    )
    listed = team_queries.meetings_for(person.patient).get()
    assert (listed.open_actions, listed.attendee_count) == (1, 2)


def test_an_action_owner_must_have_a_worklist_role(person):
    """An auditor or organisation admin has no "Your actions" page: the action would be lost."""
    auditor = MembershipFactory(organisation=person.refuge, role=Role.AUDITOR)
    with pytest.raises(ValidationError) as refused:
        meeting_services.add_action(
            person.support_worker,
            person.refuge,
            meeting(person),
            description="Call",
            owner_membership=auditor,
            due_on=TODAY,
        )
    assert "owner" in refused.value.error_dict
