"""The registration lists read a page's rows with its count in one statement (ADR 0069): each
page shows the same rows, in the same order, with the same count in words, as the list's own
order gives them, and the count, the page's keys and its rows are read in one statement, not
three."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gateway.accounts.models import Role
from gateway.core.tests.list_helpers import first_column
from gateway.registration.models import RegistrationAlert, RegistrationReferral

from .helpers import World, world_of

pytestmark = pytest.mark.django_db

# (role, who they are in the world, the list, its noun, the statements a page costs at most:
# those every signed-in page reads, the filter's choices, the page with its count and, on the
# referrer's list and the inbox, the alerts panel).
LISTS = [
    (Role.SUPPORT_WORKER, "probation", "registration:list", "referral", 8),
    (Role.PRACTICE_STAFF, "practice", "registration:inbox", "referral", 8),
    (Role.COMMISSIONER, "commissioner", "registration:worklist", "item", 7),
]
# What each list says when it is empty.
EMPTY = {
    "registration:list": "Your organisation has not referred anyone yet.",
    "registration:inbox": "No referrals have been sent to your practice.",
    "registration:worklist": "Nothing needs your attention.",
}


def _in_list_order(name):
    """The people in the list's own order, read plainly (one query, no pages)."""
    referrals = RegistrationReferral.objects.select_related("patient")
    if name == "registration:list":  # newest referred first, then newest made
        ordered = referrals.order_by("-referred_on", "-pk")
    elif name == "registration:inbox":  # waiting first, oldest sent first, then newest made
        ordered = referrals.order_by(RegistrationReferral.WAITING_FIRST, "sent_on", "-pk")
    else:  # the worklist: oldest alert first, then first raised
        alerts = RegistrationAlert.objects.select_related("referral__patient")
        return [a.referral.patient.full_name for a in alerts.order_by("raised_on", "pk")]
    return [r.patient.full_name for r in ordered]


def _list_statements(queries, table):
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"] and "LIMIT 25" in q["sql"]]


@pytest.mark.parametrize("role, part, name, noun, budget", LISTS)
def test_each_page_shows_its_rows_in_order_with_the_count_read_in_the_same_statement(
    staff_client, django_assert_max_num_queries, role, part, name, noun, budget
):
    world = world_of(30)
    client, _, _ = staff_client(role, getattr(world, part))
    url = reverse(name)
    expected = _in_list_order(name)
    table = (
        "registration_registrationalert" if noun == "item" else "registration_registrationreferral"
    )
    shown = []
    for page, summary in (("", "showing 1 to 25."), ("?page=2", "showing 26 to 30.")):
        with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as queries:
            response = client.get(url + page)
        assert response.status_code == 200
        assert f"30 {noun}s, {summary}" in response.content.decode()
        shown += first_column(response)
        (statement,) = _list_statements(queries.captured_queries, table)
        assert "SELECT COUNT(*) FROM (SELECT" in statement and "LIMIT 1001" in statement
        assert not any(q["sql"].startswith("SELECT COUNT(*)") for q in queries.captured_queries)
    assert shown == expected


@pytest.mark.parametrize("role, part, name, noun, budget", LISTS)
def test_an_empty_list_says_so_in_as_few_statements(
    staff_client, django_assert_max_num_queries, role, part, name, noun, budget
):
    world = World()
    client, _, _ = staff_client(role, getattr(world, part))
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(name))
    assert EMPTY[name] in response.content.decode()
