"""Hand-worked data for the national view's tests: episodes and reviews written directly with
the moments a test needs (services stamp today's date), so each figure can be counted by hand,
boundaries included."""

import datetime

from django.utils import timezone

from gateway.sas.models import Episode, Review, StatusHistory
from gateway.sas.states import State
from tests.factories import CommissionerFactory, PatientFactory, PracticeFactory, SasPracticeFactory

Q1 = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))  # Q1 2025 to 2026


def at(day, hour=12, minute=0):
    """An aware moment in England."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def d(text):
    return datetime.date.fromisoformat(text)


class Area:
    """A commissioner with a removing practice and an SAS practice."""

    def __init__(self, **commissioner):
        self.commissioner = CommissionerFactory(**commissioner)
        self.removing = PracticeFactory(commissioner=self.commissioner)
        self.sas = SasPracticeFactory(commissioner=self.commissioner)

    def episode(self, *, allocated=None, closed=None, state=None):
        patient = PatientFactory(
            created_by_organisation=self.removing, related_to=[self.commissioner]
        )
        if state is None:
            state = (
                State.DISCHARGED if closed else State.ALLOCATED if allocated else State.SCREENING
            )
        episode = Episode.objects.create(
            patient=patient,
            commissioner=self.commissioner,
            removing_practice=self.removing,
            sas_practice=self.sas if allocated else None,
            state=state,
        )
        first = allocated or at(d("2024-01-01"))
        StatusHistory.objects.create(
            episode=episode, to_state=State.REPORTED, transition="report", at=first
        )
        if allocated:
            StatusHistory.objects.create(
                episode=episode, to_state=State.ALLOCATED, transition="allocate", at=allocated
            )
        if closed:
            StatusHistory.objects.create(
                episode=episode, to_state=State.DISCHARGED, transition="discharge", at=closed
            )
        return episode

    def on_scheme(self, count):
        """count people on the scheme since 2024, placed before the period."""
        return [self.episode(allocated=at(d("2024-02-01"))) for _ in range(count)]

    def review(self, episode, held_on, *, took_part="", view_at=None):
        return Review.objects.create(
            episode=episode,
            due_on=held_on,
            held_on=held_on,
            status=Review.Status.DECIDED,
            patient_took_part=took_part,
            patient_view_recorded_at=view_at,
            decision=Review.Decision.REMAIN,
        )


def hand_worked(area):
    """Q1 2025 to 2026 in area, counted by hand: 3 on the scheme at the end (e1 across the
    period's start, e2 and e4), 2 placed (e2 at the first moment, e4), 1 left (e3 at the last
    moment); 3 reviews held (one the day after the period is not), 2 with the person's view
    heard."""
    e1 = area.episode(allocated=at(d("2024-01-10")))
    area.episode(allocated=at(d("2025-04-01"), 0, 0))  # e2
    area.episode(  # e3: placed the minute before the period, left its last minute
        allocated=at(d("2025-03-31"), 23, 59), closed=at(d("2025-06-30"), 23, 59)
    )
    area.episode(allocated=at(d("2025-05-01")), closed=at(d("2025-07-01"), 0, 0))  # e4
    area.episode()  # never allocated
    area.episode(allocated=at(d("2025-05-01")), state=State.ENTERED_IN_ERROR)
    area.review(e1, d("2025-06-30"), took_part=Review.HowTookPart.IN_PERSON)
    area.review(e1, d("2025-07-01"), took_part=Review.HowTookPart.IN_PERSON)  # a day late
    area.review(e1, d("2025-04-01"), took_part=Review.HowTookPart.DID_NOT)
    area.review(
        e1, d("2025-05-05"), took_part=Review.HowTookPart.DID_NOT, view_at=at(d("2025-05-01"))
    )
    return e1
