"""The support team, meetings, actions and "Your actions" pages: what a
support worker types is kept and refusals are shown on the fields, the worklist shows the
owner's actions overdue first, unrelated organisations get 404, lists cost a bounded number
of queries, and every page is audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Membership, Role
from gateway.audit.models import AuditEvent
from gateway.support.models import Action, Meeting, SupportTeamMember
from gateway.support.queries import team as team_queries
from gateway.support.services import meetings as meeting_services
from gateway.support.services import team as team_services
from gateway.support.services.meetings import Attendee
from tests.factories import MembershipFactory, PartnerFactory, PatientFactory

from .helpers import Person
from .test_team_meetings import share_consent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def person():
    return Person()


@pytest.fixture
def signed_in(staff_client, person):
    """The refuge's support worker, signed in (their membership is the person's helper's)."""
    client, user, _ = staff_client(Role.SUPPORT_WORKER, person.refuge)
    person.support_worker = user
    return client


def date_post(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def url(name, obj):
    return reverse(name, kwargs={"public_id": obj.public_id})


def record_meeting(person, held_on=LAST_WEEK, patient=None):
    return meeting_services.record_meeting(
        person.support_worker,
        person.refuge,
        patient or person.patient,
        held_on=held_on,
        participation=Meeting.Participation.VIEWS_GIVEN,
        persons_views="Not the hostel on West Street",
        attendees=[Attendee(organisation=person.refuge)],
    )


def test_support_worker_holds_a_meeting_with_the_persons_views_and_the_action_reaches_the_owner(
    person, signed_in, client
):
    response = signed_in.post(
        url("support:meeting-new", person.patient),
        {
            **date_post("held_on", LAST_WEEK),
            "organisations": [str(person.refuge.public_id), str(person.housing.public_id)],
            "others": "Jo Smith, hostel key worker",
            "participation": "attended",
            "persons_views": "I don't want to go back to West Street.",
            "decisions": "Housing to look for a room in Hove",
        },
    )
    assert response.status_code == 302
    # Check your answers: each answer with a Change link back to the form, nothing saved yet.
    assert not Meeting.objects.exists()
    check = signed_in.get(response.url).content.decode()
    assert "Check your answers before you record the meeting" in check
    assert "Jo Smith, hostel key worker" in check
    assert check.count(">Change<") >= 5
    response = signed_in.post(response.url)
    held = Meeting.objects.get(patient=person.patient)
    assert response.url == reverse("support:meeting-recorded", args=[held.public_id])
    confirmation = signed_in.get(response.url).content.decode()
    assert "What happens next" in confirmation and "Add the actions agreed" in confirmation
    assert held.attendees.count() == 3
    page = signed_in.get(url("support:meeting-detail", held)).content.decode()
    assert "I don&#39;t want to go back to West Street." in page

    owner = Membership.objects.get(user=person.housing_worker, organisation=person.housing)
    response = signed_in.post(
        url("support:action-new", held),
        {
            "description": "Find a room in Hove",
            "owner": owner.pk,
            **date_post("due_on", TODAY + datetime.timedelta(days=3)),
        },
    )
    assert response.status_code == 302
    # The owner signs in and sees it on "Your actions" and on the home page.
    client.logout()
    sign_in(client, person.housing_worker, person.housing)
    worklist = client.get(reverse("support:actions")).content.decode()
    assert "Find a room in Hove" in worklist
    assert person.patient.display_name in worklist
    home = client.get(reverse("core:home")).content.decode()
    assert "Your actions" in home and "1 to do, 0 overdue, 1 due in the next 7 days" in home


def test_a_meeting_without_the_persons_views_is_refused_and_what_was_typed_is_kept(
    person, signed_in
):
    response = signed_in.post(
        url("support:meeting-new", person.patient),
        {
            **date_post("held_on", LAST_WEEK),
            "organisations": [str(person.refuge.public_id)],
            "participation": "attended",
            "decisions": "Keep the room open",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the person&#39;s views, in their words" in page
    assert "Keep the room open" in page
    assert not Meeting.objects.exists()


def test_a_meeting_with_no_one_attending_is_refused_on_the_organisations_field(person, signed_in):
    response = signed_in.post(
        url("support:meeting-new", person.patient),
        {**date_post("held_on", LAST_WEEK), "participation": "declined"},
    )
    assert "Say who attended" in response.content.decode()
    assert not Meeting.objects.exists()


def test_adding_another_organisation_without_consent_says_how_to_fix_it(person, signed_in):
    form = {
        "member_organisation": str(person.housing.public_id),
        "role": "Housing officer",
        **date_post("started_on", LAST_WEEK),
    }
    response = signed_in.post(url("support:team-member-add", person.patient), form)
    assert "Record their consent first" in response.content.decode()
    share_consent(person, person.housing)
    response = signed_in.post(url("support:team-member-add", person.patient), form)
    assert response.status_code == 302
    assert SupportTeamMember.objects.get().organisation == person.housing


def test_lead_worker_and_agreement_are_recorded_from_the_team_page(person, signed_in):
    member = team_services.add_team_member(
        person.support_worker,
        person.refuge,
        person.patient,
        member_organisation=person.refuge,
        worker=person.support_worker,
        role="Key worker",
        started_on=LAST_WEEK,
    )
    response = signed_in.post(url("support:team-member-lead", member), {"version": 1})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_lead
    response = signed_in.post(
        url("support:agreement-new", person.patient),
        {
            **date_post("agreed_on", LAST_WEEK),
            **date_post("review_on", TODAY + datetime.timedelta(days=2)),
            "persons_goals": "Keep my room and see my kids",
            "services_will": "Refuge keeps the room",
            "person_agreed": "on",
        },
    )
    assert response.status_code == 302
    page = signed_in.get(url("support:team", person.patient)).content.decode()
    assert "(lead worker)" in page and "Keep my room and see my kids" in page
    worklist = signed_in.get(reverse("support:actions")).content.decode()
    assert 'id="reviews-due"' in worklist
    support = signed_in.get(url("support:patient", person.patient)).content.decode()
    assert "Lead worker: <strong>" in support and "review by" in support


def test_closing_an_action_from_your_actions_takes_it_off_the_list(person, signed_in):
    held = record_meeting(person)
    action = meeting_services.add_action(
        person.support_worker,
        person.refuge,
        held,
        description="Ring the GP",
        owner_membership=Membership.objects.get(user=person.support_worker),
        due_on=LAST_WEEK,
    )
    close = url("support:action-close", action) + "?next=actions"
    response = signed_in.post(close, {"version": 1, "outcome_choice": "done", "outcome": "Rang"})
    assert response.status_code == 302 and response.url == reverse("support:actions")
    assert Action.objects.get().status == Action.Status.DONE
    assert "Ring the GP" not in signed_in.get(response.url).content.decode()
    stale = signed_in.post(close, {"version": 1, "outcome_choice": "done", "outcome": "Again"})
    assert "already done" in stale.content.decode()


@pytest.mark.parametrize(
    "name", ["support:team", "support:meetings", "support:meeting-new", "support:agreement-new"]
)
def test_an_organisation_not_involved_gets_404(person, staff_client, name):
    client, _, _ = staff_client(Role.SUPPORT_WORKER, PartnerFactory())
    assert client.get(url(name, person.patient)).status_code == 404


def test_a_meeting_of_a_person_not_involved_looks_missing(person, staff_client):
    held = record_meeting(person)
    client, _, _ = staff_client(Role.SUPPORT_WORKER, PartnerFactory())
    assert client.get(url("support:meeting-detail", held)).status_code == 404
    assert client.get(url("support:action-new", held)).status_code == 404


def test_pages_about_the_person_are_audited(person, signed_in):
    held = record_meeting(person)
    for page in (url("support:team", person.patient), url("support:meeting-detail", held)):
        before = AuditEvent.objects.filter(action="view", patient_id=person.patient.pk).count()
        assert signed_in.get(page).status_code == 200
        after = AuditEvent.objects.filter(action="view", patient_id=person.patient.pk).count()
        assert after == before + 1


def _many_actions(person, count):
    owner = Membership.objects.get(user=person.support_worker, organisation=person.refuge)
    for n in range(count):
        patient = PatientFactory(created_by_organisation=person.refuge)
        held = record_meeting(person, patient=patient)
        meeting_services.add_action(
            person.support_worker,
            person.refuge,
            held,
            description=f"Action {n}",
            owner_membership=owner,
            due_on=TODAY + datetime.timedelta(days=n - 5),
        )
        team_services.add_team_member(
            person.support_worker,
            person.refuge,
            patient,
            member_organisation=person.refuge,
            worker=person.support_worker,
            role="Key worker",
            started_on=LAST_WEEK,
            is_lead=True,
        )
        team_services.record_agreement(
            person.support_worker,
            person.refuge,
            patient,
            replaces=None,
            agreed_on=LAST_WEEK,
            review_on=TODAY,
            persons_goals="Goals",
            services_will="Help",
        )


def test_your_actions_and_the_home_page_cost_a_bounded_number_of_queries(
    person, signed_in, django_assert_max_num_queries
):
    _many_actions(person, 30)
    # Session, user, device, memberships; the page's actions, their count and the reviews
    # due; the audit row.
    with django_assert_max_num_queries(8):
        page = signed_in.get(reverse("support:actions"))
    text = page.content.decode()
    assert text.count("Mark as done or cancel") == 25
    assert 'href="?page=2" aria-label="Page 2"' in text
    # Each action's person and meeting, read with only what the list shows (docs/adr/0061).
    shown = Action.objects.filter(owner=person.support_worker).select_related("patient", "meeting")
    for action in shown.order_by("due_on", "id")[:25]:
        assert f"{action.patient.display_name}</td>" in text
        meeting = url("support:meeting-detail", action.meeting)
        assert f'<a href="{meeting}">Meeting on ' in text
        assert f"({action.description})</span>" in text
    # The reviews due, read with only their date and person (docs/adr/0065): 25 of 30.
    leads = SupportTeamMember.objects.filter(worker=person.support_worker, is_lead=True)
    named = [
        f'<a href="{url("support:team", m.patient)}">{m.patient.display_name}</a>: review by '
        for m in leads.select_related("patient")
    ]
    assert sum(line in text for line in named) == 25
    # Read through statements compiled once a process (ADR 0068): kept, not built each time.
    listed = team_queries.open_actions_listed(person.support_worker, person.refuge)
    for statement in (*listed.statements, team_queries.AGREEMENTS_DUE):
        assert statement._kept and None not in statement._kept.values()
    page_two = signed_in.get(reverse("support:actions") + "?page=2").content.decode()
    assert page_two.count("Mark as done or cancel") == 5
    with django_assert_max_num_queries(30):
        home = signed_in.get(reverse("core:home")).content.decode()
    assert "30 to do, 5 overdue" in home


def test_meetings_team_and_support_pages_cost_a_bounded_number_of_queries(
    person, signed_in, django_assert_max_num_queries
):
    owner = Membership.objects.get(user=person.support_worker, organisation=person.refuge)
    for n in range(30):
        held = record_meeting(person, held_on=LAST_WEEK - datetime.timedelta(days=n))
        meeting_services.add_action(
            person.support_worker,
            person.refuge,
            held,
            description=f"Do {n}",
            owner_membership=owner,
            due_on=TODAY,
        )
        team_services.add_team_member(
            person.support_worker,
            person.refuge,
            person.patient,
            member_organisation=person.refuge,
            worker_name=f"Worker {n}",
            role="Outreach",
            started_on=LAST_WEEK,
        )
    for name in ("support:meetings", "support:team", "support:patient"):
        with django_assert_max_num_queries(40):
            response = signed_in.get(url(name, person.patient))
        assert response.status_code == 200
    with django_assert_max_num_queries(25):
        assert signed_in.get(url("support:meeting-detail", held)).status_code == 200


def test_someone_else_in_the_organisation_does_not_see_your_actions(person, signed_in, client):
    held = record_meeting(person)
    meeting_services.add_action(
        person.support_worker,
        person.refuge,
        held,
        description="Ring the GP",
        owner_membership=Membership.objects.get(user=person.support_worker),
        due_on=TODAY,
    )
    colleague = MembershipFactory(organisation=person.refuge, role=Role.SUPPORT_WORKER).user
    sign_in(client, colleague, person.refuge)
    assert "Ring the GP" not in client.get(reverse("support:actions")).content.decode()


def test_an_agreement_written_over_one_recorded_meanwhile_is_refused_and_kept_typed(
    person, signed_in
):
    """Concurrency (VersionedModel rule): the page carries the agreement it replaces."""
    form = {
        **date_post("agreed_on", LAST_WEEK),
        **date_post("review_on", TODAY),
        "persons_goals": "My words",
        "services_will": "Help",
        "replaces": "",
    }
    team_services.record_agreement(
        person.support_worker,
        person.refuge,
        person.patient,
        replaces=None,
        agreed_on=LAST_WEEK,
        review_on=TODAY,
        persons_goals="Someone else's",
        services_will="Help",
    )
    response = signed_in.post(url("support:agreement-new", person.patient), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else recorded a working agreement" in page and "My words" in page


def test_making_someone_lead_from_a_stale_page_says_so(person, signed_in):
    member = team_services.add_team_member(
        person.support_worker,
        person.refuge,
        person.patient,
        member_organisation=person.refuge,
        worker_name="Jo Smith",
        role="Key worker",
        started_on=LAST_WEEK,
    )
    response = signed_in.post(url("support:team-member-lead", member), {"version": 7}, follow=True)
    assert "Someone else changed this" in response.content.decode()
    member.refresh_from_db()
    assert not member.is_lead


def test_change_on_the_meeting_check_page_brings_back_what_was_typed(person, signed_in):
    response = signed_in.post(
        url("support:meeting-new", person.patient),
        {
            **date_post("held_on", LAST_WEEK),
            "organisations": [str(person.refuge.public_id)],
            "participation": "declined",
            "decisions": "Keep the room open",
        },
    )
    token = response.url.rsplit("/", 1)[1]
    change = f"{url('support:meeting-new', person.patient)}?draft={token}"
    assert change in signed_in.get(response.url).content.decode()
    form = signed_in.get(change).content.decode()
    assert "Keep the room open" in form
    assert not Meeting.objects.exists()
