"""The panel's queue sorts by the date each appeal's panel must decide by, kept on the appeal
row (``Appeal.decide_by``, ADR 0062, hazard H75). Every write it rests on (a panel date, an
appeal_panel deadline written, moved, met, cancelled or deleted) keeps it equal to the date
the queue used to work out at read time, in the same transaction; random journeys through the
real services keep it so after every step; gateway/sas/tests/conftest.py checks the same after
every SAS test, so every service the tests drive is covered too."""

import contextlib
import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from gateway.sas import services
from gateway.sas.errors import IllegalTransition
from gateway.sas.models import Appeal, Deadline, SchemePolicy
from gateway.sas.services.appeal_steps import update_appeal

from .appeal_helpers import appeal_data
from .decide_by import appeals_whose_copy_is_wrong, appeals_whose_decide_by_is_wrong
from .factories import OnScheme
from .test_episode_properties import REFUSED, Journey

pytestmark = pytest.mark.django_db
MARCH_12 = datetime.datetime(2026, 3, 12, 12, 0)
DAY = datetime.date(2026, 4, 1)


def _lodged(scheme):
    return services.lodge_appeal(
        scheme.commissioner_user, scheme.commissioner, scheme.episode, appeal_data()
    )


def _panel_deadline(appeal, days):
    return Deadline(
        episode=appeal.episode,
        appeal=appeal,
        kind="appeal_panel",
        label="Panel meets",
        starts_on=DAY,
        due_on=DAY + datetime.timedelta(days=days),
        rule="rule",
        explanation="why",
        policy=SchemePolicy.objects.filter(commissioner_id=appeal.commissioner_id).first(),
    )


def _stored(appeal):
    return Appeal.objects.values_list("decide_by", flat=True).get(pk=appeal.pk)


@time_machine.travel(MARCH_12, tick=False)
def test_decide_by_follows_every_kind_of_write_it_rests_on():
    scheme = OnScheme()
    appeal = _lodged(scheme)
    other = _lodged(OnScheme(alongside=scheme))
    assert _stored(appeal) is None  # unknown until both forms are back

    _panel_deadline(appeal, 28).save()  # written one at a time
    assert _stored(appeal) == DAY + datetime.timedelta(days=28)

    # Written in bulk, for two appeals: the later row (by id) is the one that counts.
    Deadline.objects.bulk_create([_panel_deadline(appeal, 20), _panel_deadline(other, 5)])
    assert _stored(appeal) == DAY + datetime.timedelta(days=20)
    assert _stored(other) == DAY + datetime.timedelta(days=5)

    # Moved on (release from custody), in bulk and one at a time.
    Deadline.objects.filter(appeal=other, kind="appeal_panel").update(
        due_on=DAY + datetime.timedelta(days=9)
    )
    assert _stored(other) == DAY + datetime.timedelta(days=9)
    row = Deadline.objects.get(appeal=other, kind="appeal_panel")
    row.due_on = DAY + datetime.timedelta(days=12)
    Deadline.objects.bulk_update([row], ["due_on"])
    assert _stored(other) == DAY + datetime.timedelta(days=12)
    row.due_on = DAY + datetime.timedelta(days=13)
    row.save(update_fields=["due_on", "updated_at"])
    assert _stored(other) == DAY + datetime.timedelta(days=13)

    # Met still counts (the panel is still due that day); cancelled does not.
    Deadline.objects.filter(appeal=appeal).update(met_at=timezone.now())
    assert _stored(appeal) == DAY + datetime.timedelta(days=20)
    latest = Deadline.objects.filter(appeal=appeal, kind="appeal_panel").order_by("-id").first()
    latest.cancelled_at = timezone.now()
    latest.save(update_fields=["cancelled_at", "updated_at"])
    assert _stored(appeal) == DAY + datetime.timedelta(days=28)

    # A panel date wins over the deadline; cleared, the deadline's date is back.
    update_appeal(appeal, appeal.version, panel_on=DAY)
    assert _stored(appeal) == appeal.decide_by == DAY
    update_appeal(appeal, appeal.version, panel_on=None)
    assert _stored(appeal) == appeal.decide_by == DAY + datetime.timedelta(days=28)

    # An appeal saved whole from a copy in memory has its date worked out again from what
    # the save wrote, not from the copy's own decide_by.
    copy = Appeal.objects.get(pk=appeal.pk)
    copy.decide_by = None
    copy.panel_on = DAY + datetime.timedelta(days=2)
    copy.save()
    assert _stored(appeal) == copy.decide_by == DAY + datetime.timedelta(days=2)

    Deadline.objects.filter(appeal=other).delete()  # deleted
    assert _stored(other) is None
    assert appeals_whose_decide_by_is_wrong() == []


@time_machine.travel(MARCH_12, tick=False)
def test_decide_by_is_written_in_the_same_transaction_as_the_deadline():
    appeal = _lodged(OnScheme())
    with pytest.raises(RuntimeError), transaction.atomic():
        _panel_deadline(appeal, 3).save()
        assert _stored(appeal) == DAY + datetime.timedelta(days=3)
        raise RuntimeError("the service failed after writing the deadline")
    assert _stored(appeal) is None


@time_machine.travel(MARCH_12, tick=False)
def test_the_check_after_every_test_catches_a_stale_date_or_copy():
    scheme = OnScheme()
    appeal = _lodged(scheme)
    ready = services.schedule_panel(
        scheme.commissioner_user, scheme.commissioner, appeal, appeal.version, DAY
    )
    Appeal.objects.filter(pk=ready.pk).update(decide_by=DAY + datetime.timedelta(days=1))
    assert appeals_whose_decide_by_is_wrong() == [(ready.pk, DAY + datetime.timedelta(days=1), DAY)]
    Appeal.objects.filter(pk=ready.pk).update(decide_by=DAY)
    other = OnScheme()
    Appeal.objects.filter(pk=ready.pk).update(
        commissioner=other.commissioner, patient=other.patient
    )
    episode = (ready.episode.commissioner_id, ready.episode.patient_id)
    assert appeals_whose_copy_is_wrong() == [
        (ready.pk, (other.commissioner.pk, other.patient.pk), episode)
    ]
    Appeal.objects.filter(pk=ready.pk).update(commissioner_id=episode[0], patient_id=episode[1])


@time_machine.travel(MARCH_12, tick=False)
def test_the_migration_fills_the_copies_and_the_date_of_existing_appeals():
    scheme = OnScheme()
    waiting = _lodged(scheme)
    _panel_deadline(waiting, 28).save()
    arranged = services.schedule_panel(
        scheme.commissioner_user,
        scheme.commissioner,
        _lodged(OnScheme(alongside=scheme)),
        1,
        DAY,
    )
    unknown = _lodged(OnScheme(alongside=scheme))
    # As rows written before the columns existed (the copies were empty: here, wrong).
    other = OnScheme()
    Appeal.objects.update(decide_by=None, commissioner=other.commissioner, patient=other.patient)
    migration = importlib.import_module(
        "gateway.sas.migrations.0020_appeal_decide_by_kept_on_the_row"
    )
    migration.fill(apps, None)
    assert _stored(waiting) == DAY + datetime.timedelta(days=28)
    assert _stored(arranged) == DAY
    assert _stored(unknown) is None
    assert appeals_whose_decide_by_is_wrong() == []
    assert appeals_whose_copy_is_wrong() == []


# --- Random journeys through the real services ---------------------------------------------

APPEAL_STEPS = [
    "lodge_appeal",
    "acknowledge",
    "patient_form",
    "practice_form",
    "schedule_panel",
    "papers_sent",
    "appeal_upheld",
    "appeal_dismissed",
    "withdraw",
]
# What moves, pauses or ends an appeal's deadlines from outside the appeal.
AROUND = ["wait", "custody", "release", "transfer", "death", "entered_in_error"]
journeys = st.lists(
    st.tuples(st.sampled_from(APPEAL_STEPS + APPEAL_STEPS + AROUND), st.integers(1, 60)),
    min_size=1,
    max_size=14,
)


class AppealJourney(Journey):
    """Journey (test_episode_properties) with every step of an appeal too."""

    def do(self, event, clock, days):
        user, organisation = self.scheme.commissioner_user, self.scheme.commissioner
        today = self.today()
        appeal = self.appeal()
        if event not in APPEAL_STEPS[1:6] + ["withdraw"]:
            return super().do(event, clock, days)
        if appeal is None:
            raise IllegalTransition("no appeal is open")
        who = (user, organisation, appeal, appeal.version)
        if event == "acknowledge":
            services.record_acknowledgement(*who, today)
        elif event == "patient_form":
            services.record_patient_form(*who, today)
        elif event == "practice_form":
            services.record_practice_form(*who, today)
        elif event == "schedule_panel":
            on = today + datetime.timedelta(days=days)
            services.schedule_panel(*who, on, "The panel could not meet sooner")
        elif event == "papers_sent":
            services.record_papers_sent(*who, today)
        else:
            services.withdraw_appeal(*who, "The patient withdrew it")
        return None


@settings(max_examples=15, deadline=None, phases=[p for p in Phase if p != Phase.explain])
@given(steps=journeys)
def test_random_appeal_journeys_keep_each_stored_date_equal_to_the_one_worked_out(steps):
    with transaction.atomic(), time_machine.travel(MARCH_12, tick=False) as clock:
        journey = AppealJourney()
        for event, days in steps:
            with contextlib.suppress(*REFUSED):  # a step the appeal or episode does not allow
                journey.do(event, clock, days)
            assert appeals_whose_decide_by_is_wrong() == [], (event, steps)
            assert appeals_whose_copy_is_wrong() == [], (event, steps)
        transaction.set_rollback(True)
