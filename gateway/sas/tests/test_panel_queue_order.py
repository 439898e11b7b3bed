"""The panel's queue reads the date to decide by kept on the appeal row, from one index range,
with each person checked against the commissioner's relationships in force (ADR 0062). Its
rows, their order and its counts must be what the queue gave when it worked the date out at
read time and scoped by the visible episodes: checked here for a mixed set, for a panel member
and for a commissioner."""

import datetime
import re

import pytest
import time_machine
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.patients.models import Patient, PatientRelationship
from gateway.sas import services
from gateway.sas.models import Appeal, Deadline, Episode, Review
from gateway.sas.queries import panel_queue, panel_queue_counts, visible_episodes
from gateway.sas.states import State

from .appeal_helpers import appeal_data
from .factories import OnScheme

pytestmark = pytest.mark.django_db
MARCH_12 = datetime.datetime(2026, 3, 12, 12, 0)
TODAY = MARCH_12.date()
OPEN = [Appeal.Status.LODGED, Appeal.Status.ACKNOWLEDGED, Appeal.Status.PANEL_SCHEDULED]


def the_queue_as_it_was(user, organisation):
    """The queue's query before ADR 0062, as it was: the visible episodes of the
    commissioner, the date worked out at read time."""
    episodes = visible_episodes(user, organisation).filter(commissioner=organisation)
    panel_due = Deadline.objects.filter(
        appeal=OuterRef("pk"), kind="appeal_panel", cancelled_at__isnull=True
    ).order_by("-id")
    return (
        Appeal.objects.filter(episode__in=episodes, status__in=OPEN)
        .annotate(panel_due_on=Subquery(panel_due.values("due_on")[:1]))
        .annotate(decision_due_on=Coalesce("panel_on", "panel_due_on"))
        .order_by(F("decision_due_on").asc(nulls_last=True), "received_on", "id")
    )


class MixedQueue:
    """One commissioner's appeals at every stage, reviews waiting and people who must not
    be in the queue."""

    def __init__(self):
        self.base = OnScheme()
        self.who = (self.base.commissioner_user, self.base.commissioner)
        self.unknown_newer = self.lodge(received_on=datetime.date(2026, 3, 10))
        self.unknown_older = self.lodge(received_on=datetime.date(2026, 3, 5))
        # Both forms back: due by the panel deadline (28 days from the later form).
        self.forms_back = self.lodge()
        for record in (services.record_patient_form, services.record_practice_form):
            self.forms_back = record(
                *self.who, self.forms_back, self.forms_back.version, datetime.date(2026, 3, 11)
            )
        # Panel dates: two on the same day, received on different days, and two received on
        # the same day too (then by id); one sooner than everything.
        self.same_day_newer = self.arranged(datetime.date(2026, 3, 30), datetime.date(2026, 3, 9))
        self.same_day_older = self.arranged(datetime.date(2026, 3, 30), datetime.date(2026, 3, 6))
        self.same_day_same_received = self.arranged(
            datetime.date(2026, 3, 30), datetime.date(2026, 3, 9)
        )
        self.soonest = self.arranged(datetime.date(2026, 3, 11), datetime.date(2026, 3, 10))
        # Not in the queue: decided, withdrawn, another commissioner's, a person no longer
        # related to the commissioner, a record made in error, and reviews waiting.
        decided = self.arranged(datetime.date(2026, 3, 20), datetime.date(2026, 3, 8))
        services.decide_appeal(
            self.base.panel_user,
            self.base.commissioner,
            decided,
            decided.version,
            "dismissed",
            "The incident qualifies.",
            TODAY,
            out_of_order_reason="An urgent panel",
        )
        withdrawn = self.lodge()
        services.withdraw_appeal(*self.who, withdrawn, withdrawn.version, "Withdrawn by letter")
        other = OnScheme()
        services.lodge_appeal(
            other.commissioner_user, other.commissioner, other.episode, appeal_data()
        )
        self.unrelated = self.lodge()
        PatientRelationship.objects.filter(
            patient_id=self.unrelated.episode.patient_id, organisation=self.base.commissioner
        ).update(is_active=False)
        self.in_error = self.lodge()
        Patient.objects.filter(pk=self.in_error.episode.patient_id).update(
            made_in_error_at=timezone.now()
        )
        under_review = OnScheme(alongside=self.base)
        Episode.objects.filter(pk=under_review.episode.pk).update(state=State.UNDER_REVIEW)
        Review.objects.create(episode=under_review.episode, due_on=TODAY)
        exception = OnScheme(alongside=self.base)
        Review.objects.create(episode=exception.episode, due_on=TODAY, is_exception=True)

    def lodge(self, **overrides):
        scheme = OnScheme(alongside=self.base)
        return services.lodge_appeal(*self.who, scheme.episode, appeal_data(**overrides))

    def arranged(self, panel_on, received_on):
        appeal = self.lodge(received_on=received_on)
        return services.schedule_panel(*self.who, appeal, appeal.version, panel_on)

    def expected(self):
        """Soonest decision first, unknown last, then the oldest, then by id."""
        return [
            self.soonest,
            self.same_day_older,
            self.same_day_newer,
            self.same_day_same_received,
            self.forms_back,  # due 8 April, 28 days from both forms
            self.unknown_older,
            self.unknown_newer,
        ]


def _listed_on_the_page(html):
    found = re.findall(r'href="/sas/appeals/([0-9a-f-]{36})"', html)
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.COMMISSIONER])
@time_machine.travel(MARCH_12, tick=False)
def test_the_queue_lists_the_same_appeals_in_the_same_order_as_when_the_date_was_worked_out(
    staff_client, role
):
    queue = MixedQueue()
    client, user, _ = staff_client(role, queue.base.commissioner)
    expected = [a.pk for a in queue.expected()]

    assert [a.pk for a in panel_queue(user, queue.base.commissioner)] == expected
    assert [a.pk for a in the_queue_as_it_was(user, queue.base.commissioner)] == expected
    shown = [a.decide_by for a in panel_queue(user, queue.base.commissioner)]
    assert shown == [a.decision_due_on for a in the_queue_as_it_was(user, queue.base.commissioner)]
    assert shown[4] == datetime.date(2026, 4, 8) and shown[5:] == [None, None]

    page = client.get(reverse("sas:panel-queue")).content.decode()
    public_ids = {str(a.public_id): a.pk for a in Appeal.objects.all()}
    assert [public_ids[p] for p in _listed_on_the_page(page) if p in public_ids] == expected

    counts = panel_queue_counts(user, queue.base.commissioner, TODAY)
    assert counts == {"waiting": 7, "panel_arranged": 4, "papers_sent": 0, "overdue": 1}


@time_machine.travel(MARCH_12, tick=False)
def test_someone_without_the_panels_roles_has_no_queue_whatever_the_appeals(staff_client):
    queue = MixedQueue()
    _, user, _ = staff_client(Role.AUDITOR, queue.base.commissioner)
    assert list(panel_queue(user, queue.base.commissioner)) == []
    assert panel_queue_counts(user, queue.base.commissioner, TODAY) is None
    _, practice_user, _ = staff_client(Role.SAS_PRACTICE_STAFF, queue.base.sas_practice)
    assert list(panel_queue(practice_user, queue.base.sas_practice)) == []
    assert panel_queue_counts(practice_user, queue.base.sas_practice, TODAY) is None
