"""Every list the API returns comes a page at a time (ADR 0038). The caller asks for `limit`
items from `offset`; a `limit` above settings.API_MAX_PAGE_SIZE is lowered to it (clamped, not
refused), and the answer says the limit it used, the total and where the next page starts.
A limit below 1 or a negative offset is refused with 422 by the schema."""

from django.conf import settings
from ninja import Field, Schema

from gateway.core.pagination import keys_first, total_of

DEFAULT_LIMIT = 25
# Far enough for any real list; stops a request making the database count past millions.
MAX_OFFSET = 100_000


class PageIn(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        description="Items a page. Above the server's maximum (100 unless configured) the "
        "maximum is used; the answer's `limit` says which.",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class PageOut(Schema):
    count: int = Field(description="Items in the whole list.")
    limit: int = Field(description="Items a page, as used (after clamping).")
    offset: int
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


def page(rows, paging):
    """(the items of this page, the page's counts) for a queryset, at most three queries: the
    page's keys in the list's order, those rows with what they join, by key
    (gateway.core.pagination.KeysFirst), then the count unless the page shows it
    (``total_of``). The keys are sorted on the list's own columns and the joins made for the
    page only, not for every row in scope before it is sorted."""
    limit = min(paging.limit, settings.API_MAX_PAGE_SIZE)
    items = list(keys_first(rows)[paging.offset : paging.offset + limit])
    count = total_of(rows, items, paging.offset, limit)
    following = paging.offset + limit
    return items, {
        "count": count,
        "limit": limit,
        "offset": paging.offset,
        "next_offset": following if following < count else None,
    }
