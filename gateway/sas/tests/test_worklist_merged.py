"""The worklist merges its two sources (open deadlines, unanswered information requests),
each read in due order, a page's worth at a time (docs/adr/0043-lists-that-stay-fast.md): the
order, what each organisation sees, the query budget of a deep page and the home page's counts
must be what they were when one UNION sorted everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateway.accounts.models import Role
from gateway.sas.models import Deadline, InformationRequest
from gateway.sas.queries import worklist, worklist_items
from gateway.sas.states import State
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory

pytestmark = pytest.mark.django_db

URL = "/sas/worklist"


def ask(episode, due_on, question):
    requester = MembershipFactory(organisation=episode.commissioner, role=Role.COMMISSIONER).user
    return InformationRequest.objects.create(
        episode=episode, question=question, requested_by=requester, due_on=due_on
    )


def interleaved(icb, practice, n=16):
    """n deadlines and n requests, due on alternating days, with one of each due on the same
    day; returns what should be listed, in order, as (kind, id)."""
    expected = []
    for i in range(n):
        episode = make_episode(icb, state=State.MORE_INFORMATION_REQUESTED, removing=practice)
        deadline = add_deadline(episode, days(2 * i - 10), label=f"Deadline {i}")
        request = ask(episode, days(2 * i - 9 if i != 3 else 2 * i - 10), f"Question {i}")
        expected += [("deadline", deadline.pk), ("information_request", request.pk)]
    return expected


def test_both_sources_are_merged_soonest_first_deadlines_before_requests_on_the_same_day():
    icb = CommissionerFactory()
    practice = PracticeFactory(commissioner=icb)
    expected = interleaved(icb, practice)
    user = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    rows = worklist(user, icb, {Role.COMMISSIONER})

    assert [(source, pk) for source, pk, _ in rows] == expected
    # Any window of the merge is the same window of the whole, so pages join up.
    assert [(s, pk) for s, pk, _ in rows[25:32]] == expected[25:32]
    assert rows.count_up_to(1001) == 32
    assert rows.count_up_to(10) == 10
    shown = [item.pk for item in worklist_items(rows[0:4])]
    assert shown == [pk for _, pk in expected[0:4]]


def test_the_bounded_counts_read_each_source_unordered():
    """Counting up to a limit needs any limit rows, not the soonest: unordered, the database
    stops at the first rows it finds instead of sorting the scope by due date (ADR 0043)."""
    icb = CommissionerFactory()
    interleaved(icb, PracticeFactory(commissioner=icb), n=6)
    user = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    rows = worklist(user, icb, {Role.COMMISSIONER})
    with CaptureQueriesContext(connection) as queries:
        assert rows.count_up_to(1001) == 12
        assert rows.count_up_to(5) == 5
    assert len(queries) == 4  # one per source, each time
    assert not [q["sql"] for q in queries if "ORDER BY" in q["sql"]]


def test_pages_of_the_merged_worklist_follow_on_in_order(staff_client):
    icb = CommissionerFactory()
    practice = PracticeFactory(commissioner=icb)
    interleaved(icb, practice)
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    first = client.get(URL).content.decode()
    second = client.get(f"{URL}?page=2").content.decode()
    labels = [f">Deadline {i}<" for i in range(16)]
    on_first = [label for label in labels if label in first]
    assert on_first == labels[:13]  # 13 deadlines and 12 requests make the first 25
    assert [label for label in labels if label in second] == labels[13:]
    assert "Question 11" in first and "Question 12" not in first
    assert "Question 12" in second
    assert first.index(">Deadline 3<") < first.index("Question 3") < first.index(">Deadline 4<")
    assert "32 items, showing 1 to 25" in first


def test_another_commissioners_deadlines_and_requests_never_show(staff_client):
    icb, other = CommissionerFactory(), CommissionerFactory()
    mine = make_episode(icb, removing=PracticeFactory(commissioner=icb))
    add_deadline(mine, days(1), label="Ours")
    theirs = make_episode(other, state=State.MORE_INFORMATION_REQUESTED)
    add_deadline(theirs, days(-1), label="Theirs")
    ask(theirs, days(-1), "Their question")
    # Our commissioner's episode, but the person is not (or no longer) ours to see: it
    # fails closed.
    unseen = make_episode(icb)
    unseen.patient.relationships.filter(organisation=icb).update(is_active=False)
    add_deadline(unseen, days(0), label="Not visible")
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    page = client.get(URL).content.decode()
    assert ">Ours<" in page
    for hidden in (">Theirs<", "Their question", ">Not visible<"):
        assert hidden not in page
    assert "1 item, showing 1 to 1" in page


def test_page_one_and_a_deep_page_cost_the_same_bounded_number_of_queries(staff_client):
    icb = CommissionerFactory()
    practice = PracticeFactory(commissioner=icb)
    for n in range(40):
        episode = make_episode(icb, state=State.MORE_INFORMATION_REQUESTED, removing=practice)
        add_deadline(episode, days(n - 20))
        if n % 2:
            ask(episode, days(n - 19), "?")
    client, _, _ = staff_client(Role.COMMISSIONER, icb)
    client.get(URL)  # the session and the policy cached as for any later visit
    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{URL}?page={page}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15
    assert "60 items, showing 51 to 60" in response.content.decode()


class TestHomeCountsStopAtTwentyFive:
    def overdue(self, icb, n):
        for _ in range(n):
            add_deadline(make_episode(icb, removing=self.practice), days(-3))

    @pytest.fixture(autouse=True)
    def area(self):
        self.icb = CommissionerFactory()
        self.practice = PracticeFactory(commissioner=self.icb)

    def test_at_the_limit_the_count_is_exact(self, staff_client):
        self.overdue(self.icb, 25)
        add_deadline(make_episode(self.icb, removing=self.practice), days(2))
        client, _, _ = staff_client(Role.COMMISSIONER, self.icb)
        page = client.get("/").content.decode()
        assert "Your worklist</a>: 25 overdue, 1 due in the next 7 days." in page

    def test_above_the_limit_it_says_25_or_more(self, staff_client):
        self.overdue(self.icb, 26)
        client, _, _ = staff_client(Role.COMMISSIONER, self.icb)
        page = client.get("/").content.decode()
        assert "Your worklist</a>: 25 or more overdue, 0 due in the next 7 days." in page


def test_every_way_of_writing_a_deadline_copies_its_episodes_commissioner_for_the_worklist():
    icb = CommissionerFactory()
    episode = make_episode(icb)
    saved = add_deadline(episode, days(1), label="Saved")
    template = add_deadline(episode, days(2), label="Template")
    template.pk = None
    template.commissioner_id = None
    template.label = "Bulk"
    (bulk,) = Deadline.objects.bulk_create([template])
    for deadline in (saved, bulk):
        deadline.refresh_from_db()
        assert deadline.commissioner_id == icb.pk
    user = MembershipFactory(organisation=icb, role=Role.COMMISSIONER).user
    listed = {pk for _, pk, _ in worklist(user, icb, {Role.COMMISSIONER})}
    assert {saved.pk, bulk.pk} <= listed
