"""page_of's bounded mode (docs/adr/0043-lists-that-stay-fast.md): a list that can grow
without limit is counted only as far as it needs, says "more than" instead of an exact number,
and pages only that far, so the deepest page costs what the first costs. A list whose size
was already read is not counted again."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from gateway.core.pagination import page_of

pytestmark = pytest.mark.django_db


def _get(**params):
    return RequestFactory().get("/list", params)


def test_a_bounded_list_counts_only_to_its_limit_and_says_more_than():
    rows = Permission.objects.order_by("pk")
    total = rows.count()
    assert total > 60  # Django's own permissions, enough rows for the test
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(), rows, size=10, count_limit=30)
        shown = list(page.object_list)
    assert len(queries) == 2  # the bounded count and the page
    assert "LIMIT 31" in queries[0]["sql"]
    assert page.count_text == "more than 30"
    assert [p.pk for p in shown] == list(rows.values_list("pk", flat=True)[:10])
    assert page.has_next()
    assert page.beyond_text == "Only the first 30 are shown."
    numbers = [item.get("number") for item in page.links["items"]]
    assert numbers[-1] == 3  # pages reach only as far as the list was counted


def test_a_deep_page_of_a_bounded_list_costs_what_the_first_costs():
    """Asking for page 100,000 gives the deepest page the list shows (ADR 0043 section 1): it reads
    and counts no further than the first page does, and offers no "Next"."""
    rows = Permission.objects.order_by("pk")
    ids = list(rows.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as first:
        list(page_of(_get(), rows, size=10, count_limit=30).object_list)
    with CaptureQueriesContext(connection) as deep:
        page = page_of(_get(page=100000), rows, size=10, count_limit=30)
        shown = [p.pk for p in page.object_list]
    assert len(deep) == len(first) == 2
    assert "LIMIT 31" in deep[0]["sql"]  # counted no further than page 1 counts
    assert page.number == 3
    assert shown == ids[20:30]
    assert page.links["previous"]["href"] == "?page=2"
    assert page.links["next"] == {}
    assert page.beyond_text == "Only the first 30 are shown."


def test_a_bounded_list_shorter_than_its_limit_gives_the_exact_count():
    rows = Permission.objects.filter(codename__startswith="add_").order_by("pk")
    total = rows.count()
    page = page_of(_get(page="999"), rows, size=10, count_limit=1000)
    assert page.count_text == f"{total:,}"
    assert page.number == page.paginator.num_pages  # the nearest page, never an error
    assert page_of(_get(page="x"), rows, size=10, count_limit=1000).number == 1


def test_an_unbounded_list_still_counts_everything():
    rows = Permission.objects.order_by("pk")
    page = page_of(_get(), rows, size=10)
    assert page.count_text == f"{rows.count():,}"


def test_a_list_whose_size_was_already_read_is_not_counted_again():
    rows = Permission.objects.order_by("pk")
    ids = list(rows.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(page=3), rows, size=10, count=len(ids))
        shown = [p.pk for p in page.object_list]
    assert len(queries) == 1  # the page only
    assert "COUNT" not in queries[0]["sql"].upper()
    assert shown == ids[20:30]
    assert page.count_text == f"{len(ids):,}"
    assert page.paginator.num_pages == -(-len(ids) // 10)
    assert page.links["next"]["href"] == "?page=4"
