"""A list page read keys first (pagination.KeysFirst, ADR 0043 update 2026-12-07): the page's
keys in the list's order, then those rows with their joins by key. It must show exactly the
rows and order the one-query read shows, on every page, bounded or not, and its count is
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


@pytest.mark.parametrize("count_limit", [None, 30])
@pytest.mark.parametrize("number", ["1", "2", "100000"])
def test_every_page_shows_the_rows_and_order_the_one_query_read_shows(count_limit, number):
    plain = page_of(_get(page=number), _ordered(), size=10, count_limit=count_limit)
    keyed = page_of(_get(page=number), KeysFirst(_ordered()), size=10, count_limit=count_limit)
    assert keyed.number == plain.number
    assert keyed.count_text == plain.count_text
    assert [(p.pk, p.content_type.model) for p in keyed.object_list] == [
        (p.pk, p.content_type.model) for p in plain.object_list
    ]


def test_the_page_is_its_keys_then_its_rows_and_the_count_is_unordered():
    with CaptureQueriesContext(connection) as queries:
        page = page_of(_get(), KeysFirst(_ordered()), size=10, count_limit=30)
        shown = [p.content_type.model for p in page.object_list]  # joined: no query per row
    assert len(shown) == 10
    count, keys, rows = (q["sql"] for q in queries)
    assert "LIMIT 31" in count and "ORDER BY" not in count
    assert keys.startswith('SELECT "auth_permission"."id"') and "LIMIT 10" in keys
    assert "ORDER BY" in keys and "django_content_type" in rows and "LIMIT" not in rows


def test_a_distinct_list_is_read_in_one_query():
    """The keys of a DISTINCT list are not its rows one for one: it is left as it is."""
    rows = Permission.objects.order_by("pk").distinct()
    assert keys_first(rows) is rows
    assert isinstance(keys_first(_ordered()), KeysFirst)
