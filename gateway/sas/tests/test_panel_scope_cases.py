"""Who is before a commissioner's panel (gateway/sas/queries/panel.py), case by case: each
condition of an appeal or review, its edge days, and another commissioner's episode. The
query's shape changed for PostgreSQL's plan (ADR 0043, update 2026-12-07: each condition on
its own row, the episode's commissioner and state on the episode); who is before the panel
must not."""

import datetime

import pytest
from django.utils import timezone

from gateway.sas.models import Appeal, Episode, Review
from gateway.sas.queries.panel import patients_before_panel
from gateway.sas.states import State

from .factories import OnScheme

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 12)
SINCE = TODAY - datetime.timedelta(days=28)


def _on_scheme(alongside, state=State.ALLOCATED):
    scheme = OnScheme(alongside=alongside)
    Episode.objects.filter(pk=scheme.episode.pk).update(state=state)
    return scheme


def _review(scheme, *, status=Review.Status.SCHEDULED, is_exception=False, decided_on=None):
    decided_at = None
    if decided_on is not None:
        # Late evening in London: the day the panel decided is London's, not UTC's.
        decided_at = timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(23)))
    return Review.objects.create(
        episode=scheme.episode,
        due_on=TODAY,
        status=status,
        is_exception=is_exception,
        decided_at=decided_at,
    )


def _appeal(scheme, *, status=Appeal.Status.LODGED, decided_on=None):
    return Appeal.objects.create(
        episode=scheme.episode,
        against=Appeal.Against.PLACEMENT,
        received_on=TODAY,
        means=Appeal.Means.LETTER,
        lodged_by=Appeal.LodgedBy.PATIENT,
        grounds="Grounds",
        status=status,
        decided_on=decided_on,
    )


def _before_panel(commissioner):
    rows = patients_before_panel(commissioner, today=TODAY)
    return set(rows.values_list("patient_id", flat=True))


def test_each_condition_of_an_appeal_or_review_and_nothing_else_puts_a_person_before_the_panel():
    base = OnScheme()
    expected, not_expected = [], []

    # Reviews: scheduled and the episode under review; scheduled exception whatever the state;
    # decided within 28 days (London's day); not a scheduled ordinary review of an episode not
    # under review, a cancelled one, or one decided 29 days ago.
    scheme = _on_scheme(base, State.UNDER_REVIEW)
    _review(scheme)
    expected.append(scheme)
    scheme = _on_scheme(base, State.ALLOCATED)
    _review(scheme)
    not_expected.append(scheme)
    scheme = _on_scheme(base, State.ALLOCATED)
    _review(scheme, is_exception=True)
    expected.append(scheme)
    scheme = _on_scheme(base, State.ALLOCATED)
    _review(scheme, status=Review.Status.CANCELLED, is_exception=True)
    not_expected.append(scheme)
    scheme = _on_scheme(base, State.UNDER_REVIEW)
    _review(scheme, status=Review.Status.CANCELLED)
    not_expected.append(scheme)
    scheme = _on_scheme(base, State.REMAINING)
    _review(scheme, status=Review.Status.DECIDED, decided_on=SINCE)
    expected.append(scheme)
    scheme = _on_scheme(base, State.REMAINING)
    _review(scheme, status=Review.Status.DECIDED, decided_on=SINCE - datetime.timedelta(days=1))
    not_expected.append(scheme)
    # Appeals: open, or decided within 28 days.
    for status in (Appeal.Status.LODGED, Appeal.Status.ACKNOWLEDGED, Appeal.Status.PANEL_SCHEDULED):
        scheme = _on_scheme(base)
        _appeal(scheme, status=status)
        expected.append(scheme)
    scheme = _on_scheme(base)
    _appeal(scheme, status=Appeal.Status.DISMISSED, decided_on=SINCE)
    expected.append(scheme)
    scheme = _on_scheme(base)
    _appeal(scheme, status=Appeal.Status.DISMISSED, decided_on=SINCE - datetime.timedelta(days=1))
    not_expected.append(scheme)
    # Nothing at all.
    not_expected.append(_on_scheme(base, State.UNDER_REVIEW))
    # Another commissioner's episodes, each with what would put it before its own panel.
    other = OnScheme()
    Episode.objects.filter(pk=other.episode.pk).update(state=State.UNDER_REVIEW)
    _review(other)
    _appeal(other)
    other_exception = _on_scheme(other)
    _review(other_exception, is_exception=True)

    found = _before_panel(base.commissioner)
    assert found == {s.patient.pk for s in expected}
    assert not found & {s.patient.pk for s in [*not_expected, other, other_exception]}
    assert _before_panel(other.commissioner) == {
        other.patient.pk,
        other_exception.patient.pk,
    }
