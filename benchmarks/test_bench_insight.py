"""How long the commissioner's dashboard takes for the largest commissioner at national scale
(DOMAIN §2.9: a list of up to ~260 people, thousands of episodes over the years), against the
trivial page. Run with `make bench`; like test_bench_pages.py it asserts no times, only that
the pages work, and prints milliseconds per request.

Charts are drawn once per set of figures and kept (gateway/core/charts.py), so the timings
after the warm-up measure the counting in the database and the page, which is what grows."""

import datetime
import os
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from test_bench_pages import time_requests  # benchmarks/ is on the path: pytest puts it there

from conftest import sign_in
from gateway.insight.links import period_params
from gateway.insight.rules.periods import financial_year
from gateway.insight.tests.sas_world import SasWorld
from gateway.patients.models import Patient, PatientRelationship
from gateway.sas.models import Episode, Review, StatusHistory
from gateway.sas.states import State

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("GATEWAY_BENCH") != "1", reason="benchmarks run with `make bench`"
    ),
]

EPISODES = 3000  # ten years of a large scheme's placements
ON_SCHEME = 260  # the largest list DOMAIN §2.9 mentions
REQUESTS = 10


def national_scale_commissioner():
    world = SasWorld(sas_practices=3)
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
        for n in range(EPISODES)
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
        allocated = now - datetime.timedelta(days=1 + (n * 3650) // EPISODES)
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
    return world


def test_the_dashboard_of_the_largest_commissioner(client):
    world = national_scale_commissioner()
    sign_in(client, world.user, world.commissioner)
    year = financial_year(timezone.localdate() - datetime.timedelta(days=365))
    dashboard = reverse("insight:dashboard") + "?" + urlencode(period_params(year))
    healthz = time_requests(client, reverse("core:healthz"), REQUESTS)
    figures = time_requests(client, dashboard, REQUESTS)

    print(f"\n{'page':<40} {'median ms':>10} {'p90 ms':>10}   ({REQUESTS} requests each)")
    print(f"{'/healthz (trivial page)':<40} {healthz[0]:>10.1f} {healthz[1]:>10.1f}")
    label = f"dashboard, {EPISODES} episodes"
    print(f"{label:<40} {figures[0]:>10.1f} {figures[1]:>10.1f}")
