"""The worklist: everything due or overdue for the organisation and the
role, soonest first so overdue items lead, with counts on the home page."""

import pytest
from django.utils import timezone
from markupsafe import escape

from gateway.accounts.models import Role
from gateway.sas.models import Appeal, InformationRequest
from gateway.sas.queries import worklist_counts
from gateway.sas.queries.home import home_figures
from gateway.sas.states import State
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PracticeFactory,
    SasPracticeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/sas/worklist"


def scheme():
    icb = CommissionerFactory()
    sas = SasPracticeFactory(commissioner=icb, name="Brighton SAS Practice")
    practice = PracticeFactory(commissioner=icb, name="Preston Park Surgery")
    return icb, sas, practice


def every_kind(icb, sas, practice):
    """One open deadline of each kind the roles act on, on one episode."""
    episode = make_episode(icb, sas_practice=sas, removing=practice)
    kinds = {
        "written_confirmation": "Written confirmation of the removal",
        "practice_incident_form": "Removing practice's incident form back",
        "review": "Review",
        "discharge": "Discharge",
        "appeal_panel": "Appeal panel meeting",
        "appeal_acknowledgement": "Acknowledge the appeal and send the appeal form",
    }
    for n, (kind, label) in enumerate(kinds.items()):
        add_deadline(episode, days(n), kind=kind, label=label)
    return episode


def shown(client):
    page = client.get(URL).content.decode()
    return {
        label
        for label in (
            "Written confirmation of the removal",
            "Removing practice's incident form back",
            "Review",
            "Discharge",
            "Appeal panel meeting",
            "Acknowledge the appeal",
        )
        if f'<td class="nhsuk-table__cell">{escape(label)}' in page
    }


class TestWhatEachRoleSees:
    def test_the_commissioner_sees_every_kind_on_its_episodes_only(self, staff_client):
        icb, sas, practice = scheme()
        every_kind(icb, sas, practice)
        other = make_episode(CommissionerFactory())
        add_deadline(other, days(1), label="Other scheme's appeal")
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        assert len(shown(client)) == 6
        assert "Other scheme" not in client.get(URL).content.decode()

    def test_the_removing_practice_sees_written_confirmation_and_incident_forms(self, staff_client):
        icb, sas, practice = scheme()
        every_kind(icb, sas, practice)
        client, _, _ = staff_client(Role.PRACTICE_STAFF, practice)
        assert shown(client) == {
            "Written confirmation of the removal",
            "Removing practice's incident form back",
        }

    def test_the_sas_practice_sees_reviews_and_discharges(self, staff_client):
        icb, sas, practice = scheme()
        every_kind(icb, sas, practice)
        client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, sas)
        assert shown(client) == {"Review", "Discharge"}

    def test_a_panel_member_sees_panels(self, staff_client):
        icb, sas, practice = scheme()
        episode = every_kind(icb, sas, practice)
        client, _, _ = staff_client(Role.PANEL_MEMBER, icb)
        # A panel sees only the people whose appeal is before it (Caldicott access table).
        assert shown(client) == set()
        Appeal.objects.create(
            episode=episode,
            against=Appeal.Against.PLACEMENT,
            received_on=timezone.localdate(),
            means=Appeal.Means.PHONE,
            lodged_by=Appeal.LodgedBy.REPRESENTATIVE,
            grounds="It did not happen",
        )
        assert shown(client) == {"Appeal panel meeting"}

    def test_practice_staff_of_another_practice_see_nothing(self, staff_client):
        icb, sas, practice = scheme()
        every_kind(icb, sas, practice)
        client, _, _ = staff_client(Role.PRACTICE_STAFF, PracticeFactory(commissioner=icb))
        assert "Nothing is due for your organisation" in client.get(URL).content.decode()

    def test_done_cancelled_and_closed_episode_items_are_not_due(self, staff_client):
        icb, sas, practice = scheme()
        episode = make_episode(icb, sas_practice=sas)
        add_deadline(episode, days(1), label="Met one", met_at=timezone.now())
        add_deadline(episode, days(1), label="Cancelled one", cancelled_at=timezone.now())
        closed = make_episode(icb, state=State.DISCHARGED, sas_practice=sas)
        add_deadline(closed, days(1), label="Left open on a closed episode")
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        assert "Nothing is due for your organisation" in client.get(URL).content.decode()

    def test_an_open_information_request_is_due_from_the_removing_practice(self, staff_client):
        icb, sas, practice = scheme()
        episode = make_episode(icb, state=State.MORE_INFORMATION_REQUESTED, removing=practice)
        InformationRequest.objects.create(
            episode=episode,
            question="Were the police told?",
            requested_by=MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user,
            due_on=days(-2),
        )
        client, _, _ = staff_client(Role.PRACTICE_STAFF, practice)
        page = client.get(URL).content.decode()
        assert "Practice to send the information asked for" in page
        assert "Were the police told?" in page
        assert "Overdue by 2 days" in page
        assert episode.patient.display_name in page


class TestOrder:
    def test_sorted_by_due_date_so_the_most_overdue_come_first(self, staff_client):
        icb, sas, _ = scheme()
        for label, offset in [("Later", 5), ("Most overdue", -10), ("Overdue", -2), ("Today", 0)]:
            add_deadline(make_episode(icb, sas_practice=sas), days(offset), label=label)
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        page = client.get(URL).content.decode()
        positions = [page.index(f">{label}<") for label in ("Most overdue", "Overdue", "Today")]
        positions.append(page.index(">Later<"))
        assert positions == sorted(positions)
        assert "Overdue by 10 days" in page
        assert "Due in 5 days" in page

    def test_each_row_links_to_the_episode(self, staff_client):
        icb, sas, _ = scheme()
        episode = make_episode(icb, sas_practice=sas)
        add_deadline(episode, days(3))
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        assert f'href="/sas/episodes/{episode.public_id}"' in client.get(URL).content.decode()


def test_queries_are_bounded_and_pages_hold_25(staff_client, django_assert_max_num_queries):
    icb, sas, practice = scheme()
    requester = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    for n in range(45):
        episode = make_episode(icb, sas_practice=sas, removing=practice)
        add_deadline(episode, days(n - 20))
        if n % 3 == 0:
            InformationRequest.objects.create(
                episode=episode, question="?", requested_by=requester, due_on=days(n)
            )
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    with django_assert_max_num_queries(15):
        first = client.get(URL).content.decode()
    with django_assert_max_num_queries(15):
        last = client.get(f"{URL}?page=3").content.decode()
    assert "60 items, showing 1 to 25" in first
    assert "60 items, showing 51 to 60" in last


class TestHomePageCounts:
    def test_counts_overdue_and_due_within_seven_days(self, staff_client):
        icb, sas, _ = scheme()
        for offset in (-5, -1, 0, 7, 8, 30):
            add_deadline(make_episode(icb, sas_practice=sas), days(offset))
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        page = client.get("/").content.decode()
        assert "2 overdue, 2 due in the next 7 days" in page

    def test_counts_only_what_the_role_acts_on(self, staff_client):
        icb, sas, practice = scheme()
        every_kind(icb, sas, practice)
        user = MembershipFactory(organisation=sas, role=Role.SAS_PRACTICE_STAFF).user
        counts = worklist_counts(user, sas, {Role.SAS_PRACTICE_STAFF})
        # review is due today (n=2 -> days(2)), discharge in 3 days
        assert (counts["overdue"], counts["due_soon"]) == (0, 2)

    def test_the_home_figures_follow_who_the_organisation_may_see(self, staff_client):
        """The home page's figures share one compiled scope (ADR 0053, update): a person the
        commissioner no longer sees (the relationship ended, the record made in error) leaves
        every figure at once, the worklist's and the screening queue's alike."""
        icb, sas, _ = scheme()
        kept, ended, in_error = (make_episode(icb, sas_practice=sas) for _ in range(3))
        for episode in (kept, ended, in_error):
            add_deadline(episode, days(-2))
        waiting = [make_episode(icb, state=State.SCREENING) for _ in range(2)]
        client, user, _ = staff_client(Role.COMMISSIONER, icb)
        found = home_figures(user, icb, {Role.COMMISSIONER})
        assert found["work_counts"]["overdue"] == 3
        assert found["screening"]["count"] == 2

        ended.patient.relationships.filter(organisation=icb).update(is_active=False)
        in_error.patient.made_in_error_at = timezone.now()
        in_error.patient.save(update_fields=["made_in_error_at"])
        waiting[0].patient.relationships.filter(organisation=icb).update(is_active=False)

        found = home_figures(user, icb, {Role.COMMISSIONER})
        assert found["work_counts"]["overdue"] == 1
        assert found["screening"]["count"] == 1
        page = client.get("/").content.decode()
        assert "1 overdue, 0 due in the next 7 days" in page

    def test_people_without_patient_work_see_no_counts(self, staff_client):
        client, _, _ = staff_client(Role.AUDITOR)
        assert "Your worklist" not in client.get("/").content.decode()


class TestHorizon:
    """Far-off work (a review a year away) is not today's work: the worklist shows what is
    overdue or due in the next 8 weeks, and the rest is one link away."""

    def test_work_due_after_eight_weeks_waits_on_the_coming_up_later_page(self, staff_client):
        icb, sas, _ = scheme()
        add_deadline(make_episode(icb, sas_practice=sas), days(56), label="Within eight weeks")
        add_deadline(make_episode(icb, sas_practice=sas), days(57), label="Annual review")
        client, _, _ = staff_client(Role.COMMISSIONER, icb)

        now = client.get(URL).content.decode()
        assert ">Within eight weeks<" in now
        assert ">Annual review<" not in now
        assert "See 1 item due after" in now

        later = client.get(f"{URL}?show=later").content.decode()
        assert ">Annual review<" in later
        assert ">Within eight weeks<" not in later
        assert "coming up later" in later

    def test_the_later_page_keeps_its_window_when_paging(self, staff_client):
        icb, sas, _ = scheme()
        for n in range(30):
            add_deadline(make_episode(icb, sas_practice=sas), days(100 + n))
        client, _, _ = staff_client(Role.COMMISSIONER, icb)
        page = client.get(f"{URL}?show=later").content.decode()
        assert 'href="?show=later&amp;page=2"' in page
