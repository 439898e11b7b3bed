"""The worklist page counts both its windows (what is overdue or due in the next 8 weeks, and
what falls due after) in one statement (docs/adr/0067): the counts are what the rows are, an
organisation's scope is never widened by them, and the link to the other window counts only
as far as it says ("more than 100")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.accounts.models import Role
from gateway.sas.models import InformationRequest
from gateway.sas.queries import worklist_horizon, worklist_windows
from gateway.sas.queries.home import home_figures
from gateway.sas.states import State
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from gateway.sas.views.worklist import OTHER_WINDOW_COUNT_LIMIT
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PracticeFactory,
    SasPracticeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/sas/worklist"
LATER = 57  # days from today: after the worklist's 8 weeks


def ask(episode, due_on, question):
    requester = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    return InformationRequest.objects.create(
        episode=episode, question=question, requested_by=requester, due_on=due_on
    )


@pytest.fixture
def area():
    """A commissioner with, in each window, deadlines and requests of its own, and what it
    must never count: another commissioner's deadlines and requests, and a deadline on its
    own episode of a person it no longer sees. Ours: 3 due now (2 deadlines, 1 request) and
    2 later (1 of each)."""
    icb, other = CommissionerFactory(), CommissionerFactory()
    practice = PracticeFactory(commissioner=icb)
    for due in (days(-3), days(5)):
        add_deadline(make_episode(icb, removing=practice), due, label=f"Ours {due}")
    for due in (days(2), days(LATER + 3)):
        ask(make_episode(icb, state=State.MORE_INFORMATION_REQUESTED), due, f"Ours {due}")
    add_deadline(make_episode(icb, removing=practice), days(LATER), label="Ours later")
    theirs = make_episode(other, state=State.MORE_INFORMATION_REQUESTED)
    unseen = make_episode(icb, state=State.MORE_INFORMATION_REQUESTED)
    unseen.patient.relationships.filter(organisation=icb).update(is_active=False)
    for episode in (theirs, unseen):
        for due in (days(-1), days(LATER + 1)):
            add_deadline(episode, due, label="Not ours")
            ask(episode, due, "Not ours")
    return icb


def test_both_windows_are_counted_in_one_statement_and_never_widen_the_scope(area):
    user = MembershipFactory(organisation=area, role=Role.COMMISSIONER).user
    with CaptureQueriesContext(connection) as queries:
        now, later = worklist_windows(
            user, area, {Role.COMMISSIONER}, horizon=worklist_horizon(), count_limits=(1001, 101)
        )
        assert (now.count_up_to(1001), later.count_up_to(101)) == (3, 2)
    # The scope's own queries (the roles, the people) aside, one statement counts.
    assert len([q for q in queries if "COUNT(*)" in q["sql"]]) == 1
    # The counts are the rows' own: the same rows listed, nothing of another's.
    assert len(list(now)) == 3 and len(list(later)) == 2
    shown, other = worklist_windows(
        user,
        area,
        {Role.COMMISSIONER},
        horizon=worklist_horizon(),
        later=True,
        count_limits=(1001, 2),
    )
    assert (shown.count_up_to(1001), other.count_up_to(2)) == (2, 2)
    # A count further than the one statement went is read again, never guessed.
    assert other.count_up_to(1001) == 3


def test_the_page_shows_both_counts_with_one_counting_query(
    area, staff_client, django_assert_max_num_queries
):
    client, _, _ = staff_client(Role.COMMISSIONER, area)
    client.get(URL)  # the session and the policy cached as for any later visit
    # The session, user, device and membership; one count; each source's keys and items
    # (before: four counts, two for each window).
    with django_assert_max_num_queries(9) as queries:
        page = client.get(URL).content.decode()
    assert len([q for q in queries if "COUNT(*)" in q["sql"]]) == 1
    assert "3 items, showing 1 to 3" in page
    assert "See 2 items due after" in page
    assert "Not ours" not in page
    with django_assert_max_num_queries(9) as queries:
        later = client.get(f"{URL}?show=later").content.decode()
    assert len([q for q in queries if "COUNT(*)" in q["sql"]]) == 1
    assert "2 items, showing 1 to 2" in later
    assert ">Ours later<" in later
    assert "</a> (3)</p>" in later  # the link back says how much is due now
    assert "Not ours" not in later


@pytest.mark.parametrize(
    "waiting, words",
    [(OTHER_WINDOW_COUNT_LIMIT, "See 100 items due after"), (101, "See more than 100 items")],
)
def test_the_link_to_later_work_counts_to_100(staff_client, waiting, words):
    icb = CommissionerFactory()
    practice = PracticeFactory(commissioner=icb)
    episodes = [make_episode(icb, removing=practice) for _ in range(5)]
    for n in range(waiting):
        add_deadline(episodes[n % 5], days(LATER + n % 30))
    add_deadline(episodes[0], days(1), label="Due this week")
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    page = client.get(URL).content.decode()
    assert words in page
    assert "1 item, showing 1 to 1" in page
    later = client.get(f"{URL}?show=later").content.decode()
    # The later page itself counts as far as anyone pages: every item, exactly.
    assert f"{waiting} items, showing 1 to 25" in later


def test_a_practice_playing_two_parts_counts_each_deadline_once(staff_client):
    """A SAS practice that also removed a person acts on its removing practice's deadlines and
    on its SAS practice's: two sources of the same kind. The worklist's count and the home
    page's overdue figure are the rows the worklist lists, each deadline once."""
    icb = CommissionerFactory()
    practice = SasPracticeFactory(commissioner=icb)
    membership = MembershipFactory(organisation=practice, role=Role.PRACTICE_STAFF)
    MembershipFactory(user=membership.user, organisation=practice, role=Role.SAS_PRACTICE_STAFF)
    user, roles = membership.user, {Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF}
    removed = make_episode(icb, removing=practice, sas_practice=practice)
    add_deadline(removed, days(-2), kind="written_confirmation", label="Confirm in writing")
    for overdue in (-3, -4):
        add_deadline(make_episode(icb, sas_practice=practice), days(overdue), kind="review")
    now, _later = worklist_windows(
        user, practice, roles, horizon=worklist_horizon(), count_limits=(1001, 101)
    )
    assert len(list(now)) == 3
    assert now.count_up_to(1001) == 3
    assert home_figures(user, practice, roles)["work_counts"]["overdue"] == 3
