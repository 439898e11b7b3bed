"""Properties every SAS episode keeps, whatever happens to it and in whatever order: random
sequences of review decisions, custody and release, moves, appeals, deaths, mistakes and time
passing (with the daily jobs), driven through the real services. After every step:

- every open deadline belongs to the episode's current state (rules.deadline_belongs), and to
  an open appeal or a scheduled review when it is about one;
- no step-down plan is orphaned: a plan not yet complete belongs to a planned discharge (or to
  custody that interrupted one), with its discharge-by deadline on the same date;
- a closed episode has nothing open: no deadline, no custody period;
- release from custody restores the state before custody, with the same review and discharge
  deadlines, scheduled review and plan, moved on by the days in custody (docs/adr/0019).
"""

import contextlib
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from gateway.sas import rules, services
from gateway.sas.errors import ConflictError, IllegalTransition, NotAllowed
from gateway.sas.models import Appeal, CustodyPeriod, Deadline, DischargePlan, Review
from gateway.sas.services import discharge as discharge_service
from gateway.sas.services import reviews as review_service
from gateway.sas.states import TERMINAL_STATES, State
from tests.factories import CommissionerFactory, PracticeFactory

from .appeal_helpers import appeal_data
from .factories import OnScheme

pytestmark = pytest.mark.django_db

REFUSED = (IllegalTransition, NotAllowed, ValidationError, ConflictError)
EVENTS = [
    "wait",
    "start_review",
    "review_remain",
    "review_discharge",
    "exception_discharge",
    "complete_discharge",
    "custody",
    "release",
    "transfer",
    "death",
    "registered_by_mistake",
    "entered_in_error",
    "lodge_appeal",
    "appeal_upheld",
    "appeal_dismissed",
]
# Custody and release often, so sequences go in and out of prison at every stage.
events = st.lists(
    st.tuples(st.sampled_from(EVENTS + ["custody", "release", "wait"]), st.integers(1, 200)),
    min_size=1,
    max_size=10,
)
START = datetime.datetime(2027, 3, 1, 12, 0)  # a year after allocation: the review is due


class Journey:
    def __init__(self):
        self.scheme = OnScheme(
            allocated_on=datetime.date(2026, 3, 2),
            policies=[{"automatic_discharge_when_not_registered": True}],
        )
        self.elsewhere = CommissionerFactory()
        self.mainstream = PracticeFactory(commissioner=self.scheme.commissioner)
        self.before_custody = None

    @property
    def episode(self):
        return self.scheme.episode

    def today(self):
        return timezone.localdate()

    def plan(self, **extra):
        return {
            "target_practice": self.mainstream,
            "target_practice_note": "",
            "medication_cover": "Repeat prescriptions until registered",
            "referrals_to_hand_over": "",
            "stay_in_touch_months": 3,
            "patient_took_part": Review.HowTookPart.IN_PERSON,
            "held_on": self.today(),
            "reasons": "A settled year",
            **extra,
        }

    def change(self, code):
        services.record_change(
            self.scheme.commissioner_user,
            self.scheme.commissioner,
            self.episode,
            code,
            self.episode.version,
            reason="Recorded by the commissioner",
            to_commissioner=self.elsewhere if code == "transfer" else None,
        )

    def decide(self, decision):
        review = review_service.ensure_review_scheduled(self.episode)
        if review is None:
            raise IllegalTransition("no review is due in this state")
        data = self.plan(decision=decision, what_would_change_it="A year with no incidents")
        services.decide_review(
            self.scheme.commissioner_user,
            self.scheme.commissioner,
            review,
            self.episode.version,
            data,
        )

    def appeal(self):
        return Appeal.objects.filter(
            episode=self.episode,
            status__in=[
                Appeal.Status.LODGED,
                Appeal.Status.ACKNOWLEDGED,
                Appeal.Status.PANEL_SCHEDULED,
            ],
        ).first()

    def do(self, event, clock, days):
        user, organisation = self.scheme.commissioner_user, self.scheme.commissioner
        if event == "wait":
            clock.shift(datetime.timedelta(days=days))
            review_service.schedule_missing_reviews(self.today())
            review_service.request_due_review_inputs(self.today())
            discharge_service.discharge_overdue_plans(self.today())
        elif event == "start_review":
            review = review_service.scheduled_review(self.episode)
            if review is None:
                raise IllegalTransition("no review is scheduled")
            services.start_review(user, organisation, review, self.episode.version)
        elif event in {"review_remain", "review_discharge"}:
            self.decide("remain" if event == "review_remain" else "discharge")
        elif event == "exception_discharge":
            services.exception_discharge(
                self.scheme.panel_user,
                organisation,
                self.episode,
                self.episode.version,
                self.plan(),
            )
        elif event == "complete_discharge":
            services.complete_discharge(
                user,
                organisation,
                self.episode,
                self.episode.version,
                self.mainstream,
                self.today(),
            )
        elif event == "lodge_appeal":
            remained = self.episode.history.filter(transition="decide_remain").exists()
            data = appeal_data(
                against="remaining" if remained else "placement",
                received_on=self.today(),
                late_reason="The patient was in prison",
            )
            services.lodge_appeal(user, organisation, self.episode, data)
        elif event in {"appeal_upheld", "appeal_dismissed"}:
            appeal = self.appeal()
            if appeal is None:
                raise IllegalTransition("no appeal is open")
            services.decide_appeal(
                self.scheme.panel_user,
                organisation,
                appeal,
                appeal.version,
                Appeal.Status.UPHELD if event == "appeal_upheld" else Appeal.Status.DISMISSED,
                "The panel's reasons",
                self.today(),
                out_of_order_reason="An urgent panel",
            )
        else:
            self.change(event)

    # What release must restore: the state and everything custody paused.
    def paused_things(self):
        deadlines = {
            d.pk: (d.kind, d.due_on)
            for d in open_rows(self.episode)
            if rules.pauses_in_custody(d.kind)
        }
        reviews = dict(
            self.episode.reviews.filter(status=Review.Status.SCHEDULED).values_list("pk", "due_on")
        )
        plans = dict(
            DischargePlan.objects.filter(
                episode=self.episode, completed_at__isnull=True
            ).values_list("pk", "discharge_by")
        )
        return deadlines, reviews, plans

    def moved(self, things, days):
        step = datetime.timedelta(days=days)
        deadlines, reviews, plans = things
        return (
            {pk: (kind, due + step) for pk, (kind, due) in deadlines.items()},
            {pk: due + step for pk, due in reviews.items()},
            {pk: due + step for pk, due in plans.items()},
        )


def open_rows(episode):
    return Deadline.objects.filter(episode=episode, met_at__isnull=True, cancelled_at__isnull=True)


def check_invariants(journey):
    episode = journey.episode
    state = episode.state
    period = CustodyPeriod.objects.filter(episode=episode, ended_at__isnull=True).first()

    for d in open_rows(episode).select_related("appeal", "review"):
        paused = d.suspended_at is not None
        assert rules.deadline_belongs(d.kind, state, paused), (d.kind, state, paused)
        if d.appeal_id:
            assert d.appeal.is_open, (d.kind, d.appeal.status)
        if d.review_id:
            assert d.review.status == Review.Status.SCHEDULED, (d.kind, d.review.status)

    # In custody exactly when there is an open custody period.
    assert (state == State.ON_HOLD_CUSTODY) == (period is not None), state

    # No orphaned step-down plan; a planned discharge has its plan and its date.
    plan = DischargePlan.objects.filter(episode=episode, completed_at__isnull=True).first()
    waiting_for_discharge = state == State.DISCHARGE_PLANNED or (
        period is not None and period.state_before == State.DISCHARGE_PLANNED
    )
    if plan is not None and state not in TERMINAL_STATES:
        assert waiting_for_discharge, f"a step-down plan is orphaned in {state}"
    if waiting_for_discharge:
        assert plan is not None
        (deadline,) = open_rows(episode).filter(kind="discharge")
        assert deadline.due_on == plan.discharge_by
        assert (deadline.suspended_at is not None) == (state == State.ON_HOLD_CUSTODY)

    # One scheduled review at most, and only while reviews are due (or paused by custody).
    scheduled = episode.reviews.filter(status=Review.Status.SCHEDULED).count()
    assert scheduled <= 1
    if scheduled and state != State.ON_HOLD_CUSTODY:
        assert state in rules.custody.REVIEW_STATES, state

    if state in TERMINAL_STATES:
        assert not open_rows(episode).exists()


@settings(max_examples=12, phases=[p for p in Phase if p != Phase.explain])
@given(steps=events)
def test_random_journeys_keep_every_episode_invariant(steps):
    with transaction.atomic(), time_machine.travel(START, tick=False) as clock:
        journey = Journey()
        check_invariants(journey)
        for event, days in steps:
            before_state = journey.scheme.refresh().state
            if event == "custody":
                before = (before_state, journey.paused_things(), journey.today())
            with contextlib.suppress(*REFUSED):  # a change the state does not allow
                journey.do(event, clock, days)
            episode = journey.scheme.refresh()
            if before_state != State.ON_HOLD_CUSTODY == episode.state:
                journey.before_custody = before
            if (
                event == "release"
                and before_state == State.ON_HOLD_CUSTODY
                and episode.state != State.ON_HOLD_CUSTODY
            ):
                state, things, started_on = journey.before_custody
                days_in = (journey.today() - started_on).days
                assert episode.state == state, "release restores the state before custody"
                assert journey.paused_things() == journey.moved(things, days_in)
            check_invariants(journey)
        transaction.set_rollback(True)
