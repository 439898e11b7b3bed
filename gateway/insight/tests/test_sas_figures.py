"""Every SAS figure against data counted by hand, boundaries included: a person on the scheme
across the period's edge, exactly a year on it, a review one day late, an appeal decided on
its last day, a confirmation just before midnight in England (which is the next day in UTC
in summer)."""

import pytest

from gateway.comms.models import Message
from gateway.insight.queries import sas
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.sas.models import Appeal, Review
from gateway.sas.rules.screening import DOUBTFUL, QUALIFIES
from gateway.sas.states import State

from .sas_world import Q1, SasWorld, at, d

pytestmark = pytest.mark.django_db

PERIOD = Period(*Q1, "quarter")
TOOK = Review.HowTookPart


@pytest.fixture
def world():
    return SasWorld(sas_practices=2)


def scope_of(world, **kwargs):
    return Scope(commissioner=world.commissioner, **kwargs)


def test_people_on_the_scheme_and_how_long(world):
    w = world
    w.episode(allocated=at(d("2024-03-01")))  # A: 1 to 2 years
    w.episode(allocated=at(d("2022-06-30")))  # B: more than 3 years (by 12 hours)
    w.episode(allocated=at(d("2025-06-30"), 23), sas_practice=w.sas[1])  # C: the last evening
    w.episode(allocated=at(d("2025-01-10")), closed=at(d("2025-07-01"), 9))  # D: across the edge
    w.episode(allocated=at(d("2024-07-01"), 0))  # E: exactly a year at the end: not over a year
    w.episode(  # F: died in the period
        allocated=at(d("2024-01-01")), closed=at(d("2025-06-15")), closed_state=State.ENDED_DEATH
    )
    w.episode(allocated=at(d("2025-07-01"), 0))  # G: the first moment after the period
    w.episode(allocated=at(d("2024-01-01")), state=State.ENTERED_IN_ERROR)  # H: never counted
    SasWorld().episode(allocated=at(d("2024-01-01")))  # another commissioner's

    result = sas.on_the_scheme(scope_of(w), PERIOD)

    assert result["at_end"] == 5  # A B C D E
    assert result["at_start"] == 5  # A B D E F
    assert result["over_1_year"] == 2  # A B
    assert result["over_3_years"] == 1  # B
    assert result["bands"] == [2, 1, 1, 0, 1]  # C D | E | A | - | B
    # Allocation order B A E D C: the middle one is E, exactly 365 days before the end.
    assert sas.median_days_on_scheme(scope_of(w), PERIOD, 5) == 365
    by_practice = [(p.name, n, c) for p, n, c in sas.on_the_scheme_by_practice(scope_of(w), PERIOD)]
    assert by_practice == [("SAS Practice 1", 4, 10), ("SAS Practice 2", 1, 10)]
    one_practice = scope_of(w, sas_practice=w.sas[1])
    assert sas.on_the_scheme(one_practice, PERIOD)["at_end"] == 1
    assert sas.changes(scope_of(w), PERIOD)["deaths"] == 1


def test_median_of_an_even_number_is_the_average_of_the_middle_two(world):
    world.episode(allocated=at(d("2025-06-20"), 0))  # 11 days before the end
    world.episode(allocated=at(d("2025-06-10"), 0))  # 21 days
    assert sas.median_days_on_scheme(scope_of(world), PERIOD, 2) == 16
    assert sas.median_days_on_scheme(scope_of(world), PERIOD, 0) is None


def test_new_removals_by_practice_and_screening(world):
    w = world
    w.episode(notice=at(d("2025-04-01"), 0), allocated=at(d("2025-04-01"), 10))  # first moment
    w.episode(notice=at(d("2025-03-31"), 23, 59))  # the minute before: not counted
    w.episode(notice=at(d("2025-06-30"), 23, 59), route=DOUBTFUL)  # still being screened
    w.episode(
        notice=at(d("2025-05-10")),
        closed=at(d("2025-05-12")),
        closed_state=State.DECLINED,
        route=DOUBTFUL,
    )

    assert sas.removals_by_practice(scope_of(w), PERIOD) == [("Removing Surgery", 3)]
    assert sas.removals_by_screening(scope_of(w), PERIOD) == [
        (DOUBTFUL, 2, 0, 1, 1, 0),
        (QUALIFIES, 1, 1, 0, 0, 0),
    ]


def test_allocation_and_written_confirmation_in_time(world):
    w = world
    e = w.episode(allocated=at(d("2025-04-01")))
    now = at(d("2026-01-01"))
    # Allocation: met at the very moment due (in time), a minute late, cancelled (declined),
    # due after the period, and never met (late).
    w.deadline(e, "allocation", d("2025-04-02"), due_at=at(d("2025-04-02"), 0),
               met_at=at(d("2025-04-02"), 0))  # fmt: skip
    w.deadline(e, "allocation", d("2025-05-01"), due_at=at(d("2025-05-01")),
               met_at=at(d("2025-05-01"), 12, 1))  # fmt: skip
    w.deadline(e, "allocation", d("2025-06-10"), due_at=at(d("2025-06-10")), cancelled=True)
    w.deadline(e, "allocation", d("2025-07-01"), due_at=at(d("2025-07-01")))
    w.deadline(e, "allocation", d("2025-06-20"), due_at=at(d("2025-06-20")))
    # Written confirmation: 23:00 on the 7th day in England is in time; 00:30 on the 8th day
    # in England (23:30 on the 7th in UTC) is late.
    w.deadline(e, "written_confirmation", d("2025-04-07"), met_at=at(d("2025-04-07"), 23))
    w.deadline(e, "written_confirmation", d("2025-05-07"), met_at=at(d("2025-05-08"), 0, 30))

    result = sas.removal_targets(scope_of(w), PERIOD, now)

    assert (result["allocations"], result["allocated_in_time"]) == (3, 1)
    assert (result["confirmations"], result["confirmed_in_time"]) == (2, 1)


def test_a_deadline_that_can_still_be_met_is_not_counted_yet(world):
    e = world.episode(allocated=at(d("2025-04-01")))
    world.deadline(e, "written_confirmation", d("2025-06-30"))
    period = Period(d("2025-06-01"), d("2025-06-30"))
    assert (
        sas.removal_targets(scope_of(world), period, at(d("2025-06-30"), 9))["confirmations"] == 0
    )
    assert (
        sas.removal_targets(scope_of(world), period, at(d("2025-07-01"), 9))["confirmations"] == 1
    )


def test_reviews_on_time_and_the_persons_view_heard(world):
    w = world
    e = w.episode(allocated=at(d("2024-01-01")))
    w.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part=TOOK.IN_PERSON)  # on its day
    w.review(e, d("2025-05-02"), held_on=d("2025-05-03"), took_part=TOOK.DID_NOT)  # a day late
    w.review(  # due before the period, held in it: they did not come, but their view was recorded
        e, d("2025-03-01"), held_on=d("2025-04-10"), took_part=TOOK.DID_NOT,
        view_at=at(d("2025-04-01")),
    )  # fmt: skip
    w.review(e, d("2025-06-01"))  # still waiting after its day: late
    w.review(e, d("2025-06-02"), status=Review.Status.CANCELLED)
    w.review(e, d("2025-06-05"), held_on=d("2025-06-05"), took_part=TOOK.THROUGH_WORKER,
             is_exception=True)  # fmt: skip
    w.review(e, d("2025-07-05"), held_on=d("2025-07-05"), took_part=TOOK.IN_PERSON)  # after

    result = sas.reviews(scope_of(w), PERIOD, d("2026-01-01"))

    assert (result["held"], result["heard"]) == (4, 3)
    assert (result["due"], result["on_time"]) == (3, 1)
    assert result["exception"] == 1
    assert dict(result["took_part"]) == {
        TOOK.IN_PERSON.label: 1,
        TOOK.PHONE.label: 0,
        TOOK.WRITTEN.label: 0,
        TOOK.THROUGH_WORKER.label: 1,
        TOOK.DID_NOT.label: 2,
    }
    quarters = [PERIOD.previous(), PERIOD]
    assert sas.heard_by_quarter(scope_of(w), quarters) == [(0, 0), (4, 3)]


def test_appeals_decided_in_time(world):
    w = world
    e = w.episode(allocated=at(d("2024-01-01")))
    Status = Appeal.Status
    w.appeal(e, d("2025-04-01"), status=Status.UPHELD, decided_on=d("2025-05-20"),
             panel_due=d("2025-05-20"))  # decided on its last day: in time  # fmt: skip
    w.appeal(e, d("2025-03-15"), status=Status.DISMISSED, decided_on=d("2025-04-30"),
             panel_due=d("2025-04-29"))  # a day late  # fmt: skip
    w.appeal(e, d("2025-06-30"), is_late=True)
    w.appeal(e, d("2025-05-01"), status=Status.DISMISSED, decided_on=d("2025-07-01"))
    w.appeal(e, d("2025-05-05"), status=Status.DISMISSED, decided_on=d("2025-05-06"))  # no panel

    result = sas.appeals(scope_of(w), PERIOD)

    assert result == {
        "lodged": 4,
        "lodged_late": 1,
        "decided": 3,
        "upheld": 1,
        "dismissed": 2,
        "decided_in_time": 2,
    }


def test_discharges_custody_and_other_changes(world):
    w = world
    one, two, three = (w.episode(allocated=at(d("2024-01-01"))) for _ in range(3))
    w.discharge(one, d("2025-05-31"), at(d("2025-05-31"), 23, 30), stay=6)  # in time, England
    w.discharge(two, d("2025-06-01"), at(d("2025-06-02"), 8), automatic=True)  # late
    w.discharge(three, d("2025-06-30"), at(d("2025-07-01"), 0))  # after the period
    assert sas.discharges(scope_of(w), PERIOD) == {
        "completed": 2,
        "in_time": 1,
        "automatic": 1,
        "step_down": 1,
    }

    w.custody(one, d("2025-05-01"))  # still in custody
    w.custody(two, d("2025-04-01"), d("2025-06-30"))  # released on the last day
    w.custody(three, d("2025-06-30"), d("2025-07-01"))  # released the day after
    assert sas.custody(scope_of(w), PERIOD) == {"in_custody": 2}
    for episode, day in ((one, "2025-05-01"), (two, "2025-04-01"), (three, "2025-06-30")):
        w.history(episode, State.ON_HOLD_CUSTODY, at(d(day)))
    w.history(two, State.ALLOCATED, at(d("2025-06-30")), "release_from_custody")
    w.history(three, State.ALLOCATED, at(d("2025-07-01")), "release_from_custody")
    changes = sas.changes(scope_of(w), PERIOD)
    assert (changes["went_into_custody"], changes["released"]) == (3, 1)


def test_people_we_could_not_reach(world):
    w = world
    placed = w.episode(allocated=at(d("2024-01-01")))
    never_placed = w.episode()
    w.unreachable(placed, at(d("2025-05-05")))
    w.unreachable(placed, at(d("2025-06-05")))
    w.unreachable(placed, at(d("2025-07-01"), 0))  # after the period
    w.unreachable(never_placed, at(d("2025-05-05")))
    assert sas.unreachable(scope_of(w), PERIOD) == {"people": 1, "messages": 2}
    assert Message.objects.count() == 4
