"""The people behind the GP registration and multiple-disadvantage figures are exactly the
ones each figure counted, on the same hand-worked data the figure tests use (area_world.py):
a list holds the figure's count, or its denominator with the numerator marked as met. The
lists leave out people the viewer may not see, and cost the same queries a page whatever
their length."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.insight.definitions import registration as dr
from gateway.insight.definitions import support as ds
from gateway.insight.links import period_params
from gateway.insight.queries import people_registration, people_support
from gateway.insight.queries.people import people_behind
from gateway.insight.queries.scope import Scope
from gateway.insight.sections import registration as sections_registration
from gateway.insight.sections import support as sections_support
from gateway.patients.models import PatientRelationship
from gateway.support.models import ServiceReferral
from tests.factories import MembershipFactory

from . import area_world
from .area_world import PERIOD, Area, D

pytestmark = pytest.mark.django_db

KINDS = [*people_registration.LISTS, *people_support.LISTS]
QUERY = period_params(PERIOD)


def hand_worked(area):
    for lay_down in (
        area_world.referrals_and_refusals, area_world.prison_leavers,
        area_world.first_appointments, area_world.mcn_statuses, area_world.service_referrals,
        area_world.actions, area_world.deaths,
    ):  # fmt: skip
        lay_down(area)
    return area


@pytest.fixture
def area():
    area = Area()
    area.viewer = MembershipFactory(organisation=area.commissioner, role=Role.COMMISSIONER).user
    return hand_worked(area)


def _scope(area, **kwargs):
    return Scope(area.commissioner, viewer=area.viewer, organisation=area.commissioner, **kwargs)


def _figures(scope):
    return {
        figure.definition.key: figure
        for section in (sections_registration, sections_support)
        for figure in section.section(scope, PERIOD).figures
    }


def _assert_lists_match_figures(scope, *, someone_behind_each):
    figures = _figures(scope)
    for key in KINDS:
        rows = list(people_behind(key, scope, PERIOD, timezone.now()))
        figure = figures[key]
        assert figure.people_url, key
        if figure.denominator is not None:
            assert len(rows) == figure.denominator, key
            assert sum(1 for row in rows if row["met"]) == figure.numerator, key
        else:
            assert len(rows) == figure.value, key
        if someone_behind_each:
            assert rows, f"{key}: the hand-worked data should put someone behind it"
        assert all(row["patient_public_id"] for row in rows), key


def test_every_list_holds_the_rows_its_figure_counted(area):
    _assert_lists_match_figures(_scope(area), someone_behind_each=True)


def test_the_lists_match_the_figures_for_one_sas_practice(area):
    area.registered(referred_on=D(2025, 4, 1), registered_on=D(2025, 4, 3), practice="sas")
    person = area.person()
    area.episode(person, allocated_on=D(2024, 1, 1))
    area.death(person, died_on=D(2025, 5, 1))
    _assert_lists_match_figures(
        _scope(area, sas_practice=area.sas_practice), someone_behind_each=False
    )


def test_what_makes_each_row_count_is_on_the_row(area):
    scope = _scope(area)
    now = timezone.now()
    refusals = list(people_behind(dr.REFUSALS.key, scope, PERIOD, now))
    assert [(row["on"], row["detail"], row["met"]) for row in refusals] == [
        (D(2025, 4, 2), "The practice list is formally closed", True),
        (D(2025, 4, 10), "No proof of address", False),
        (D(2025, 6, 30), "No proof of identity", False),
    ]
    leavers = list(people_behind(dr.PRISON_LEAVERS.key, scope, PERIOD, now))
    assert sorted((row["on"], row["met"]) for row in leavers) == [
        (D(2025, 5, 1), False),
        (D(2025, 5, 1), True),
    ]
    versions = people_behind(ds.MCN.key, scope, PERIOD, now)
    assert sorted(row["detail"] for row in versions) == ["Version 1", "Version 2"]


def test_people_the_viewer_may_no_longer_see_are_left_out(area):
    scope = _scope(area)
    rows = list(people_behind(ds.DEATHS.key, scope, PERIOD, timezone.now()))
    gone = rows[0]["patient_public_id"]
    PatientRelationship.objects.filter(patient__public_id=gone).update(is_active=False)
    left = list(people_behind(ds.DEATHS.key, scope, PERIOD, timezone.now()))
    assert len(left) == len(rows) - 1
    assert gone not in {row["patient_public_id"] for row in left}


def test_nobody_is_listed_for_a_viewer_who_may_not_see_people(area):
    panel = MembershipFactory(organisation=area.commissioner, role=Role.PANEL_MEMBER).user
    for viewer in (None, panel):
        scope = Scope(area.commissioner, viewer=viewer, organisation=area.commissioner)
        assert all(people_behind(key, scope, PERIOD, timezone.now()) is None for key in KINDS)
        assert all(figure.people_url is None for figure in _figures(scope).values())


def test_the_page_links_each_name_to_the_persons_record_and_is_audited(client, area):
    sign_in(client, area.viewer, area.commissioner)
    body = client.get(reverse("insight:dashboard"), QUERY).content.decode()
    for key in KINDS:
        assert f"/insight/people/{key}?" in body, key
    response = client.get(reverse("insight:people", kwargs={"kind": dr.REFUSALS.key}), QUERY)
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 rows" in body and "Reason given" in body and "No proof of identity" in body
    row = people_behind(dr.REFUSALS.key, _scope(area), PERIOD, timezone.now()).first()
    assert reverse("patients:detail", kwargs={"public_id": row["patient_public_id"]}) in body
    event = AuditEvent.objects.filter(object_type="insight.people").get()
    assert (event.object_id, event.detail["rows"]) == (dr.REFUSALS.key, 3)


def _more(area, count, rule):
    """count more of everything each list counts, one person each."""
    for n in range(count):
        day = D(2025, 4, 1 + n % 28)
        leaver = area.registered(
            referred_on=day, registered_on=day, is_prison_leaver=True, release_date=day,
            first_appointment_due_on=day,
        )  # fmt: skip
        area.refused(refused_on=day, reason="no_id")
        person = leaver.patient
        area.mcn(person, rule, meets=True, on=day)
        area.service_referral(person, ServiceReferral.ServiceType.REFUGE, sent_on=day,
                              status="declined", reason="needs_too_high")  # fmt: skip
        area.action(person, due_on=day, made_on=day)
        area.death(person, died_on=day)


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_costs_the_same_queries_whatever_the_number_of_people(
    client, kind, django_assert_max_num_queries
):
    area = Area()
    viewer = MembershipFactory(organisation=area.commissioner, role=Role.COMMISSIONER).user
    sign_in(client, viewer, area.commissioner)
    rule = area.rule(1, 3)
    url = reverse("insight:people", kwargs={"kind": kind})
    _more(area, 1, rule)
    with django_assert_max_num_queries(20) as few:
        client.get(url, QUERY)
    _more(area, 30, rule)  # more than a page
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url, QUERY).content.decode()
    assert "page=2" in body
