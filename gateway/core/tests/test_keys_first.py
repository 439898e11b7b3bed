"""A list page read keys first (pagination.KeysFirst, ADR 0043 update 2026-12-07): the page's
keys in the list's order, then those rows with their joins by key; a bounded list reads its
count, keys and rows in one statement (ADR 0069). It must show exactly the rows, order, count
and links the one-query read shows, on every page, bounded or not, and its count is
unordered."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from gateway.core.pagination import KeysFirst, keys_first, page_of

pytestmark = pytest.mark.django_db


def _get(**params):
    return RequestFactory().get("/list", params)


def _ordered():
    # Ordered on a joined column and then the key, as the lists are (person's name, then id).
    return Permission.objects.select_related("content_type").order_by(
        "-content_type__model", "codename", "pk"
    )


def _shown(page):
    return {
        "number": page.number,
        "count_text": page.count_text,
        "beyond_text": page.beyond_text,
        "links": page.links,
        "rows": [(p.pk, p.content_type.model) for p in page.object_list],
    }


# Page numbers as typed: past the end, past the limit, not a number, below 1, empty.
NUMBERS = ["1", "2", "3", "4", "7", "100000", "abc", "2.0", "0", "-1", ""]


@pytest.mark.parametrize("count_limit", [None, 25, 30, 1000])
@pytest.mark.parametrize("number", NUMBERS)
def test_every_page_shows_the_rows_and_order_the_one_query_read_shows(count_limit, number):
    """The same page number, count text, "only the first" text, links and rows, in the same
    order, whether a bounded list is read in one statement (ADR 0069) or a plain queryset
    is counted and sliced: a limit that is not a whole number of pages (25 of pages of 10)
    included."""
    request = _get(page=number)
    plain = page_of(request, _ordered(), size=10, count_limit=count_limit)
    keyed = page_of(request, KeysFirst(_ordered()), size=10, count_limit=count_limit)
    assert _shown(keyed) == _shown(plain)


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("codename", ["add_", "view_user", "no such permission"])
def test_a_short_or_empty_list_shows_what_the_one_query_read_shows(number, codename):
    """A list shorter than a page, one row, or none: "No ..." and page 1, as before."""
    rows = _ordered().filter(codename__startswith=codename)
    request = _get(page=number)
    plain = page_of(request, rows, size=10, count_limit=30)
    keyed = page_of(request, KeysFirst(rows), size=10, count_limit=30)
    assert _shown(keyed) == _shown(plain)


def test_a_bounded_page_reads_its_count_keys_and_rows_in_one_statement():
    """ADR 0069: the count (unordered, up to the limit + 1) and the page's keys (in the
    list's order) are subqueries of the statement that reads the rows with their joins."""
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(page="2"), KeysFirst(_ordered()), size=10, count_limit=30)
        shown = [p.content_type.model for p in page.object_list]  # joined: no query per row
    assert len(shown) == 10
    assert page.count_text == "more than 30"
    (statement,) = (q["sql"] for q in queries)
    assert "SELECT COUNT(*) FROM (SELECT" in statement and "LIMIT 31" in statement
    # Page 2's keys start at row 10, or at the last page's first row were the list shorter.
    assert "LIMIT 10 OFFSET (SELECT CASE WHEN 10 < pages.last THEN 10" in statement
    assert "django_content_type" in statement


def test_a_page_past_the_end_of_a_shorter_list_is_its_last_page_in_one_statement():
    """Which page that is (the last) needs the count: the statement works it out from the
    count it reads, so the deep page costs what page 1 costs (ADR 0069, update)."""
    rows = _ordered().filter(codename__startswith="add_")
    total = rows.count()
    assert 10 < total < 1000 and total % 10  # a last page that is not full
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(page="100000"), KeysFirst(rows), size=10, count_limit=1000)
        shown = [p.pk for p in page.object_list]
    assert page.number == -(-total // 10)
    assert shown == list(rows.values_list("pk", flat=True))[(page.number - 1) * 10 :]
    assert len(queries) == 1


def test_page_zero_is_the_last_page_as_djangos_paginator_has_it():
    rows = _ordered().filter(codename__startswith="add_")
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(page="0"), KeysFirst(rows), size=10, count_limit=1000)
    assert page.number == -(-rows.count() // 10)
    assert len(queries) == 3  # counted first, then the keys and the rows, as before


def test_an_unbounded_list_is_counted_then_read_keys_first():
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(), KeysFirst(_ordered()), size=10)
        shown = [p.content_type.model for p in page.object_list]  # joined: no query per row
    assert len(shown) == 10
    count, keys, rows = (q["sql"] for q in queries)
    assert "ORDER BY" not in count
    assert keys.startswith('SELECT "auth_permission"."id"') and "LIMIT 10" in keys
    assert "ORDER BY" in keys and "django_content_type" in rows and "LIMIT" not in rows


def test_a_row_the_queryset_does_not_hold_is_never_shown_nor_counted():
    """The statement reads the rows, keys and count through the queryset: a filter (the
    list's scope) holds in each of them."""
    rows = _ordered().exclude(content_type__model="user")
    page = page_of(_get(), KeysFirst(rows), size=500, count_limit=1000)
    assert page.count_text == f"{rows.count():,}"
    assert {p.content_type.model for p in page.object_list} == set(
        rows.values_list("content_type__model", flat=True)
    )
    assert "user" not in {p.content_type.model for p in page.object_list}


def test_a_distinct_list_is_read_in_one_query():
    """The keys of a DISTINCT list are not its rows one for one: it is left as it is."""
    rows = Permission.objects.order_by("pk").distinct()
    assert keys_first(rows) is rows
    assert isinstance(keys_first(_ordered()), KeysFirst)
