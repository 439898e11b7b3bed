"""The SAS practice's and the removing practice's worklists read each deadline row's copy of
its episode's practices (docs/adr/0043, section 4a), kept by allocation and by a move to
another SAS practice in the same transaction: each practice sees exactly its own deadlines,
soonest first, the old practice none after a move, and a deep page costs what the first
costs."""

import importlib

import pytest
from django.apps import apps

from gateway.accounts.models import Role
from gateway.sas import services
from gateway.sas.models import Deadline, Episode
from gateway.sas.queries import worklist
from gateway.sas.services import practice_moves
from gateway.sas.states import State
from gateway.sas.tests.test_episode_pages import add_deadline, days, make_episode
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory

from .next_due import deadlines_whose_copy_is_wrong
from .report_helpers import Scheme

pytestmark = pytest.mark.django_db

URL = "/sas/worklist"
SAS = {Role.SAS_PRACTICE_STAFF}


def listed(organisation, roles):
    user = MembershipFactory(organisation=organisation, role=next(iter(roles))).user
    return [pk for _, pk, _ in worklist(user, organisation, roles)]


def sas_practice(scheme, districts, name):
    from tests.factories import SasPracticeFactory

    return SasPracticeFactory(
        commissioner=scheme.commissioner, catchment_districts=districts, name=name
    )


def allocate(scheme, practice, **report):
    """A report on a new patient of the scheme's practice, screened and allocated."""
    episode = scheme.report_new_patient(**report)
    services.start_screening(
        scheme.commissioner_user, scheme.commissioner, episode, episode.version
    )
    episode.refresh_from_db()
    services.allocate(
        scheme.commissioner_user,
        scheme.commissioner,
        episode,
        practice,
        episode.version,
        override_reason="Nearer the person's support worker",
    )
    return episode


def review_deadline(episode):
    return Deadline.objects.get(episode=episode, kind="review", met_at__isnull=True)


class TestTheSasPracticesOwnDeadlines:
    @pytest.fixture(autouse=True)
    def area(self):
        self.scheme = Scheme(postcode="BN1 1AA")
        self.brighton = sas_practice(self.scheme, ["BN1"], "Brighton SAS")
        self.hove = sas_practice(self.scheme, ["BN3"], "Hove SAS")

    def test_after_allocation_each_practice_lists_exactly_its_own_in_due_order(self):
        first = allocate(self.scheme, self.brighton)
        second = allocate(self.scheme, self.brighton)
        theirs = allocate(self.scheme, self.hove)
        # A sooner review added to the second episode comes first.
        sooner = add_deadline(second, days(3), kind="review_inputs", label="Inputs")
        assert listed(self.brighton, SAS) == [
            sooner.pk,
            review_deadline(first).pk,
            review_deadline(second).pk,
        ]
        assert listed(self.hove, SAS) == [review_deadline(theirs).pk]
        # The deadline rows carry the practices: allocation wrote them.
        assert set(
            Deadline.objects.filter(episode=first).values_list("sas_practice", flat=True)
        ) == {self.brighton.pk}

    def test_after_a_move_the_new_practice_lists_them_and_the_old_one_no_longer_does(
        self, staff_client
    ):
        moving = allocate(self.scheme, self.brighton)
        staying = allocate(self.scheme, self.brighton)
        theirs = allocate(self.scheme, self.hove)
        inputs = add_deadline(moving, days(2), kind="review_inputs", label="Moving inputs")
        moving.refresh_from_db()
        practice_moves.move_to_practice(
            self.scheme.commissioner_user,
            self.scheme.commissioner,
            moving,
            self.hove,
            moving.version,
            reason="Brighton SAS closes on 1 March 2027",
        )
        assert listed(self.brighton, SAS) == [review_deadline(staying).pk]
        # Due the same day, the lower id first.
        assert listed(self.hove, SAS) == [
            inputs.pk,
            *sorted([review_deadline(moving).pk, review_deadline(theirs).pk]),
        ]
        # The pages say the same: the old practice no longer sees the moved person's work.
        client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, self.brighton)
        assert "Moving inputs" not in client.get(URL).content.decode()
        client, _, _ = staff_client(Role.SAS_PRACTICE_STAFF, self.hove)
        assert "Moving inputs" in client.get(URL).content.decode()

    def test_a_deadline_left_with_the_old_practice_is_caught_by_the_check_after_every_test(
        self,
    ):
        episode = allocate(self.scheme, self.brighton)
        # A move written without the services: the rows still name Brighton.
        Episode.objects.filter(pk=episode.pk).update(sas_practice=self.hove)
        stale = deadlines_whose_copy_is_wrong()
        assert {pk for pk, _, _ in stale} == set(
            Deadline.objects.filter(episode=episode).values_list("pk", flat=True)
        )
        # And the new practice's worklist does not list what it cannot be sure is its own.
        assert listed(self.hove, SAS) == []
        episode.refresh_from_db()
        from gateway.sas.models.deadline import copy_practices_to_deadlines

        copy_practices_to_deadlines(episode)
        assert deadlines_whose_copy_is_wrong() == []


class TestTheRemovingPracticesOwnDeadlines:
    def test_it_lists_exactly_its_own_practice_kinds_in_due_order(self):
        icb = CommissionerFactory()
        practice, other = PracticeFactory(commissioner=icb), PracticeFactory(commissioner=icb)
        one = make_episode(icb, state=State.SCREENING, removing=practice)
        two = make_episode(icb, state=State.SCREENING, removing=practice)
        expected = [
            add_deadline(two, days(-2), kind="practice_incident_form", label="Form").pk,
            add_deadline(one, days(1), kind="written_confirmation", label="Confirm").pk,
            add_deadline(two, days(5), kind="written_confirmation", label="Confirm").pk,
        ]
        add_deadline(one, days(-5), kind="allocation", label="Not the practice's to do")
        theirs = make_episode(icb, state=State.SCREENING, removing=other)
        add_deadline(theirs, days(0), kind="written_confirmation", label="Theirs")
        assert listed(practice, {Role.PRACTICE_STAFF}) == expected
        assert set(
            Deadline.objects.filter(episode=one).values_list("removing_practice", flat=True)
        ) == {practice.pk}

    def test_a_practice_playing_both_parts_lists_both_merged_soonest_first(self):
        icb = CommissionerFactory()
        both = PracticeFactory(commissioner=icb, is_sas_practice=True)
        removed = make_episode(icb, state=State.SCREENING, removing=both)
        placed = make_episode(icb, sas_practice=both)
        expected = [
            add_deadline(placed, days(-1), kind="review", label="Review").pk,
            add_deadline(removed, days(0), kind="written_confirmation", label="Confirm").pk,
            add_deadline(placed, days(4), kind="discharge", label="Discharge").pk,
            add_deadline(removed, days(9), kind="practice_incident_form", label="Form").pk,
        ]
        user = MembershipFactory(organisation=both, role=Role.PRACTICE_STAFF).user
        MembershipFactory(user=user, organisation=both, role=Role.SAS_PRACTICE_STAFF)
        roles = {Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF}
        rows = worklist(user, both, roles)
        assert [pk for _, pk, _ in rows] == expected
        assert [pk for _, pk, _ in rows[1:3]] == expected[1:3]
        assert rows.count_up_to(1001) == 4


@pytest.mark.parametrize(
    "role, kind, part",
    [
        (Role.SAS_PRACTICE_STAFF, "review", "sas_practice"),
        (Role.PRACTICE_STAFF, "written_confirmation", "removing"),
    ],
)
def test_page_one_and_a_deep_page_cost_the_same_bounded_queries(
    staff_client, django_assert_max_num_queries, role, kind, part
):
    icb = CommissionerFactory()
    practice = PracticeFactory(commissioner=icb, is_sas_practice=part == "sas_practice")
    for n in range(32):
        episode = make_episode(icb, **{part: practice})
        add_deadline(episode, days(n - 10), kind=kind, label=f"Item {n:02d}")
    # Another practice's work on the same commissioner's episodes is never listed.
    add_deadline(make_episode(icb), days(-20), kind=kind, label="Someone else's")
    client, _, _ = staff_client(role, practice)
    client.get(URL)  # the session and the policy cached as for any later visit
    pages = {}
    for page in (1, 2):
        with django_assert_max_num_queries(15) as queries:
            response = client.get(f"{URL}?page={page}")
        assert response.status_code == 200
        pages[page] = (len(queries), response.content.decode())
    assert pages[1][0] == pages[2][0]
    first, deep = pages[1][1], pages[2][1]
    assert "Someone else" not in first + deep
    assert [f"Item {n:02d}" in first for n in range(32)] == [n < 25 for n in range(32)]
    assert [f"Item {n:02d}" in deep for n in range(32)] == [n >= 25 for n in range(32)]
    assert first.index("Item 00") < first.index("Item 01") < first.index("Item 24")


def test_the_migration_fills_the_copies_of_existing_deadlines():
    icb = CommissionerFactory()
    sas, practice = PracticeFactory(commissioner=icb, is_sas_practice=True), None
    episode = make_episode(icb, sas_practice=sas)
    practice = episode.removing_practice
    deadline = add_deadline(episode, days(1))
    # As a row written before the columns existed.
    Deadline.objects.filter(pk=deadline.pk).update(sas_practice=None, removing_practice=None)
    migration = importlib.import_module(
        "gateway.sas.migrations.0016_deadline_practices_for_the_worklists"
    )
    migration.copy_practices(apps, None)
    deadline.refresh_from_db()
    assert (deadline.sas_practice_id, deadline.removing_practice_id) == (sas.pk, practice.pk)
