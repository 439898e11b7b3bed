"""How long the patient search results page takes against a trivial page (/healthz), with
the Django test client in one process: no network, no browser. It measures Gateway's own
work (middleware, queries, templates), not a deployment. Run with `make bench`; `make test`
leaves it out (testpaths do not include benchmarks/, and it skips unless GATEWAY_BENCH=1).

Numbers vary by machine; the test asserts no times, only that both pages work, and prints
milliseconds per request for a person to compare between changes."""

import os
import statistics
import time

import pytest
from django.urls import reverse

from gateway.accounts.models import Role
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("GATEWAY_BENCH") != "1", reason="benchmarks run with `make bench`"
    ),
]

PATIENTS = 200  # more than one page of 25, so pagination and counting do real work
REQUESTS = 50
WARM_UP = 3


def time_requests(client, url, n=REQUESTS):
    """Median and 90th-percentile milliseconds per GET over n requests, after a warm-up."""
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(n * 0.9) - 1]


def test_patient_search_results_page_against_the_trivial_page(staff_client):
    client, _user, organisation = staff_client(Role.PRACTICE_STAFF)
    factories.PatientFactory.create_batch(PATIENTS, created_by_organisation=organisation)
    response = client.post(reverse("patients:search"), {"name": "taylor"})
    assert response.status_code == 302, "the search form did not accept the name"
    results_url = response["Location"]

    healthz = time_requests(client, reverse("core:healthz"))
    results = time_requests(client, results_url)

    print(f"\n{'page':<40} {'median ms':>10} {'p90 ms':>10}   ({REQUESTS} requests each)")
    print(f"{'/healthz (trivial page)':<40} {healthz[0]:>10.1f} {healthz[1]:>10.1f}")
    print(f"{f'search results, {PATIENTS} matches':<40} {results[0]:>10.1f} {results[1]:>10.1f}")
    print(f"search results cost {results[0] / max(healthz[0], 0.001):.0f}x the trivial page")
