"""The people behind each figure are exactly the ones it counted: for every list, the rows
match the figure (its count, or its denominator with the numerator marked as met) on the
same hand-worked data, and nobody is listed for a viewer who may not see people."""

import pytest
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.insight.queries.people import SAS_LISTS, people_behind
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.insight.sections import sas as sections_sas
from gateway.sas.models import Appeal, Review
from gateway.sas.states import State
from tests.factories import MembershipFactory

from .sas_world import Q1, SasWorld, at, d

pytestmark = pytest.mark.django_db

PERIOD = Period(*Q1, "quarter")


@pytest.fixture
def world():
    w = SasWorld()
    long_ago = w.episode(allocated=at(d("2021-01-01")))
    recent = w.episode(notice=at(d("2025-04-02")), allocated=at(d("2025-04-03")))
    w.episode(allocated=at(d("2024-01-01")), closed=at(d("2025-05-01")),
              closed_state=State.ENDED_DEATH)  # fmt: skip
    w.deadline(recent, "allocation", d("2025-04-03"), due_at=at(d("2025-04-03")),
               met_at=at(d("2025-04-03"), 11))  # fmt: skip
    w.deadline(recent, "written_confirmation", d("2025-04-08"), met_at=at(d("2025-04-09")))
    w.review(long_ago, d("2025-05-01"), held_on=d("2025-05-02"),
             took_part=Review.HowTookPart.PHONE)  # fmt: skip
    w.review(recent, d("2025-06-01"), held_on=d("2025-06-01"),
             took_part=Review.HowTookPart.DID_NOT)  # fmt: skip
    w.appeal(recent, d("2025-04-10"), status=Appeal.Status.DISMISSED,
             decided_on=d("2025-05-10"), panel_due=d("2025-05-09"))  # fmt: skip
    w.discharge(long_ago, d("2025-06-30"), at(d("2025-06-01")), stay=3)
    w.custody(recent, d("2025-06-15"))
    w.unreachable(long_ago, at(d("2025-05-05")))
    return w


def test_every_list_holds_the_rows_its_figure_counted(world):
    scope = Scope(world.commissioner, viewer=world.user, organisation=world.commissioner)
    section = sections_sas.section(scope, PERIOD)
    figures = {figure.definition.key: figure for figure in section.figures}
    custody = next(t for t in section.tables if t.definition.key == "sas-custody")
    figures["sas-custody"] = custody.rows[-1][1]
    now = timezone.now()
    for key in SAS_LISTS:
        rows = list(people_behind(key, scope, PERIOD, now))
        figure = figures[key]
        if isinstance(figure, int):
            assert len(rows) == figure, key
        elif figure.denominator is not None:
            assert len(rows) == figure.denominator, key
            assert sum(1 for row in rows if row["met"]) == figure.numerator, key
        else:
            assert len(rows) == figure.value, key
        assert len(rows) >= 1, f"{key}: the hand-worked data should put someone behind it"
        assert all(row["episode_public_id"] for row in rows)


def test_nobody_is_listed_for_a_viewer_who_may_not_see_people(world):
    panel = MembershipFactory(organisation=world.commissioner, role=Role.PANEL_MEMBER).user
    for viewer in (None, panel):
        scope = Scope(world.commissioner, viewer=viewer, organisation=world.commissioner)
        assert people_behind("sas-on-scheme", scope, PERIOD, timezone.now()) is None
        figures = sections_sas.section(scope, PERIOD).figures
        assert all(figure.people_url is None for figure in figures)
