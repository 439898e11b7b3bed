"""The commissioner's dashboard, the definitions page and the people behind a figure: who may
open them, what they show, that the people lists are audited and scoped, and that the
dashboard costs the same number of queries whatever the data."""

import re

import pytest
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.insight import sections
from gateway.insight.links import period_params
from gateway.insight.rules.periods import Period
from gateway.sas.models import Review
from tests.factories import MembershipFactory, PatientFactory

from .sas_world import Q1, SasWorld, at, d

pytestmark = pytest.mark.django_db

PERIOD = Period(*Q1, "quarter")
Q1_QUERY = period_params(PERIOD)


@pytest.fixture
def world(client):
    w = SasWorld()
    sign_in(client, w.user, w.commissioner)
    return w


def heard_and_not(w):
    e = w.episode(allocated=at(d("2024-01-01")))
    took = Review.HowTookPart
    w.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part=took.IN_PERSON)
    w.review(e, d("2025-05-02"), held_on=d("2025-05-03"), took_part=took.DID_NOT)
    return e


def test_the_dashboard_shows_the_heard_figure_first_for_the_chosen_quarter(client, world):
    heard_and_not(world)
    response = client.get(reverse("insight:dashboard"), Q1_QUERY)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Showing Q1 2025 to 2026: 1 April 2025 to 30 June 2025, all SAS practices" in body
    headline = body.index('id="figure-sas-view-heard"')
    assert headline < body.index('id="figure-sas-on-scheme"')
    assert "50%" in body[headline:] and "1 of 2" in body[headline:]
    assert "<svg" in body and "<script" not in body.split("<main")[1].split("</main>")[0]


def test_every_definition_link_lands_on_an_anchor_of_the_definitions_page(client, world):
    body = client.get(reverse("insight:dashboard")).content.decode()
    anchors = set(re.findall(r'href="/insight/definitions#([\w-]+)"', body))
    assert "sas-view-heard" in anchors
    definitions = client.get(reverse("insight:definitions")).content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in definitions
    keys = [definition.key for _, _, group in sections.DEFINITIONS for definition in group]
    assert len(keys) == len(set(keys))


def test_the_people_behind_a_figure_are_listed_and_the_view_audited(client, world):
    episode = heard_and_not(world)
    url = reverse("insight:dashboard")
    body = client.get(url, Q1_QUERY).content.decode()
    people_url = re.search(r'href="(/insight/people/sas-view-heard\?[^"]+)"', body).group(1)
    response = client.get(people_url.replace("&amp;", "&"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(episode.patient.family_name) == 2  # two reviews
    assert ">Yes<" in body and ">No<" in body
    event = AuditEvent.objects.filter(object_type="insight.people").get()
    assert event.object_id == "sas-view-heard"
    assert event.detail["rows"] == 2 and event.detail["period"] == ["2025-04-01", "2025-06-30"]


def test_people_the_commissioner_may_not_see_are_left_out(client, world):
    episode = heard_and_not(world)
    episode.patient.relationships.update(is_active=False)
    response = client.get(reverse("insight:people", kwargs={"kind": "sas-view-heard"}), Q1_QUERY)
    assert episode.patient.family_name not in response.content.decode()


def test_an_unknown_figure_has_no_people_page(client, world):
    assert client.get(reverse("insight:people", kwargs={"kind": "nothing"})).status_code == 404


def test_a_custom_period_is_checked_in_plain_words(client, world):
    query = {"period": "custom", "start_day": "1", "start_month": "13", "start_year": "2025"}
    body = client.get(reverse("insight:dashboard"), query).content.decode()
    assert "There is a problem" in body and "The first day must be a real date" in body
    assert "Enter the last day of your period" in body
    assert 'id="period-shown"' not in body
    query = {
        "period": "custom",
        **{k: v for k, v in period_params(PERIOD).items() if k != "period"},
    }
    query.update(period_params(Period(d("2025-04-01"), d("2025-05-15"), "custom")))
    body = client.get(reverse("insight:dashboard"), query).content.decode()
    assert "Showing 1 April 2025 to 15 May 2025, all SAS practices" in body


def test_one_sas_practice_can_be_chosen(client):
    w = SasWorld(sas_practices=2)
    sign_in(client, w.user, w.commissioner)
    query = period_params(PERIOD, w.sas[1])
    body = client.get(reverse("insight:dashboard"), query).content.decode()
    assert "all SAS practices" not in body and "SAS Practice 2." in body


@pytest.mark.parametrize(
    "role", [Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF, Role.SUPPORT_WORKER]
)
def test_other_roles_cannot_open_the_dashboard(client, role):
    membership = MembershipFactory(role=role)
    sign_in(client, membership.user, membership.organisation)
    for name, kwargs in (("insight:dashboard", {}), ("insight:people", {"kind": "sas-on-scheme"})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_the_dashboard_costs_the_same_queries_whatever_the_data(
    client, world, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            e = world.episode(notice=at(d("2025-04-02")), allocated=at(d("2025-04-03")))
            world.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part="in_person")
            world.appeal(e, d("2025-05-02"), status="dismissed", decided_on=d("2025-05-20"),
                         panel_due=d("2025-05-30"))  # fmt: skip
            world.unreachable(e, at(d("2025-06-01")))
            PatientFactory(created_by_organisation=world.removing)

    url = reverse("insight:dashboard")
    add(1)
    client.get(url, Q1_QUERY)  # the first drawing of a chart warms vl-convert up
    # Signing in and the chooser cost 6; SAS 2, GP registration 3, multiple disadvantage 3
    # and equality 1 more (test_dashboard_together.py).
    with django_assert_max_num_queries(15) as few:
        client.get(url, Q1_QUERY)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url, Q1_QUERY).content.decode()
    assert "16 of 16" in body


@pytest.mark.parametrize("kind", ["sas-view-heard", "sas-on-scheme", "sas-allocated-in-time"])
def test_the_people_behind_a_figure_cost_the_same_queries_whatever_their_number(
    client, world, kind, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            e = world.episode(notice=at(d("2025-04-02")), allocated=at(d("2025-04-03")))
            world.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part="in_person")
            world.deadline(e, "allocation", d("2025-04-03"), due_at=at(d("2025-04-03")),
                           met_at=at(d("2025-04-03")))  # fmt: skip

    url = reverse("insight:people", kwargs={"kind": kind})
    add(1)
    with django_assert_max_num_queries(20) as few:
        client.get(url, Q1_QUERY)
    add(30)  # more than a page
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url, Q1_QUERY).content.decode()
    assert "31 rows" in body and "page=2" in body
