"""How long the commissioner's dashboard takes for the largest commissioner at national scale
(DOMAIN §2.9: a list of up to ~260 people, thousands of episodes over the years), and NHS
England's national view over several commissioners, against the trivial page. Run with
`make bench`; like test_bench_pages.py it asserts no times, only that the pages work (and
that the queries do not grow with the data), and prints milliseconds and queries per request.

Charts are drawn once per set of figures and kept (gateway/core/charts.py), so the timings
after the warm-up measure the counting in the database and the page, which is what grows."""

import datetime
import os
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from test_bench_pages import time_requests  # benchmarks/ is on the path: pytest puts it there

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.insight import period_choice
from gateway.insight.links import period_params
from gateway.insight.rules.periods import financial_year
from gateway.insight.tests.sas_world import SasWorld
from gateway.patients.models import Patient, PatientRelationship
from gateway.sas.models import Episode, Review, StatusHistory
from gateway.sas.states import State
from tests.factories import MembershipFactory, NationalFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("GATEWAY_BENCH") != "1", reason="benchmarks run with `make bench`"
    ),
]

EPISODES = 3000  # ten years of a large scheme's placements
ON_SCHEME = 260  # the largest list DOMAIN §2.9 mentions
REQUESTS = 10
COMMISSIONERS = 6  # the national view: several areas side by side
EPISODES_PER_AREA = 500  # 3000 episodes in all, as the dashboard's one large area


def national_scale_commissioner(episodes=EPISODES):
    world = SasWorld(sas_practices=3)
    add_episodes(world, episodes)
    return world


def add_episodes(world, count):
    """count placements over ten years at world's commissioner, the first ON_SCHEME still
    on the scheme, each reviewed once."""
    now = timezone.now()
    patients = Patient.objects.bulk_create(
        Patient(
            given_name=f"Bench{n}",
            family_name=f"Person{n}",
            search_given_name=f"bench{n}",
            search_family_name=f"person{n}",
            date_of_birth=datetime.date(1980, 1, 1),
            nhs_number_unknown_reason="not_given",
            created_by_organisation=world.removing,
        )
        for n in range(count)
    )
    PatientRelationship.objects.bulk_create(
        PatientRelationship(
            patient=p,
            organisation=world.commissioner,
            kind=PatientRelationship.Kind.COMMISSIONER,
            is_active=True,
        )
        for p in patients
    )
    episodes = Episode.objects.bulk_create(
        Episode(
            patient=p,
            commissioner=world.commissioner,
            removing_practice=world.removing,
            sas_practice=world.sas[n % 3],
            state=State.ALLOCATED if n < ON_SCHEME else State.DISCHARGED,
        )
        for n, p in enumerate(patients)
    )
    history, reviews = [], []
    for n, episode in enumerate(episodes):
        allocated = now - datetime.timedelta(days=1 + (n * 3650) // count)
        history.append(
            StatusHistory(
                episode=episode, to_state=State.ALLOCATED, transition="allocate", at=allocated
            )  # fmt: skip
        )
        if n >= ON_SCHEME:
            history.append(
                StatusHistory(
                    episode=episode,
                    to_state=State.DISCHARGED,
                    transition="complete_discharge",
                    at=allocated + datetime.timedelta(days=400),
                )  # fmt: skip
            )
        review_day = (allocated + datetime.timedelta(days=365)).date()
        reviews.append(
            Review(
                episode=episode,
                due_on=review_day,
                held_on=review_day,
                status=Review.Status.DECIDED,
                patient_took_part=("in_person", "did_not")[n % 2],
            )  # fmt: skip
        )
    StatusHistory.objects.bulk_create(history)
    Review.objects.bulk_create(reviews)


def queries_per_request(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def report(rows):
    print(f"\n{'page':<44} {'median ms':>10} {'p90 ms':>10} {'queries':>8}   ({REQUESTS} requests)")
    for label, (median, p90), queries in rows:
        print(f"{label:<44} {median:>10.1f} {p90:>10.1f} {queries:>8}")


def test_the_dashboard_of_the_largest_commissioner(client):
    world = national_scale_commissioner()
    sign_in(client, world.user, world.commissioner)
    year = financial_year(timezone.localdate() - datetime.timedelta(days=365))
    dashboard = reverse("insight:dashboard") + "?" + urlencode(period_params(year))
    healthz = time_requests(client, reverse("core:healthz"), REQUESTS)
    figures = time_requests(client, dashboard, REQUESTS)
    report(
        [
            (
                "/healthz (trivial page)",
                healthz,
                queries_per_request(client, reverse("core:healthz")),
            ),
            (f"dashboard, {EPISODES} episodes", figures, queries_per_request(client, dashboard)),
        ]
    )


def test_the_national_view_of_several_commissioners(client):
    """The analyst's view: every area's sections side by side, suppressed. Its queries grow
    with the number of commissioners (each area's sections are counted once), never with the
    number of people or episodes: one area of a few episodes costs the same as a large one."""
    analyst = MembershipFactory(organisation=NationalFactory(), role=Role.NATIONAL_ANALYST)
    sign_in(client, analyst.user, analyst.organisation)
    year = financial_year(timezone.localdate() - datetime.timedelta(days=365))
    url = reverse("insight:national") + "?" + urlencode({"period": period_choice.value_of(year)})
    worlds = [national_scale_commissioner(episodes=5) for _ in range(COMMISSIONERS)]
    few = queries_per_request(client, url)
    for world in worlds:  # the same areas, now at national scale
        add_episodes(world, EPISODES_PER_AREA)
    many = queries_per_request(client, url)
    assert many == few, "the national view's queries grow with the data"
    healthz = time_requests(client, reverse("core:healthz"), REQUESTS)
    national = time_requests(client, url, REQUESTS)
    label = f"national view, {COMMISSIONERS} areas x {EPISODES_PER_AREA + 5} episodes"
    report(
        [
            (
                "/healthz (trivial page)",
                healthz,
                queries_per_request(client, reverse("core:healthz")),
            ),
            (label, national, many),
        ]
    )
