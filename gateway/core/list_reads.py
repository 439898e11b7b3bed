"""A list page's read compiled once a process (issue 17, ADR 0069's session-13 update).

A bounded list page reads its count, keys and rows in one statement
(``pagination.page_counted_query``, ADR 0069). Building that statement through the ORM and
compiling it cost about 1 ms a request on the bench's lists, every request the same SQL for
the same sort: only the organisation, the day and the first row of the page differ. A
``ListRead`` builds it from those values alone (``rows(organisation_id, today)``: the list's
rows for an organisation-wide scope, the same function the view's own queryset is made by)
and keeps it as a ``Statement`` (gateway.core.prepared, ADR 0068), one for each sort and for
the first page or a later one.

It serves only the list as it is opened: no search or filter in use (their values are
words), and a person whose roles read the organisation's whole scope (``whole(user,
organisation)``). Otherwise the page is read through the ORM as before, and so is anything
but the page and its count (a page number below 1, a count read alone)."""

from django.utils import timezone

from .lists import apply_sort
from .pagination import KeysFirst, page_counted_query
from .prepared import Statement


class ListRead:
    """The page read of the list ``spec`` describes, compiled once a process. ``rows``:
    ``rows(organisation_id, today)``, the list's rows for an organisation-wide scope from
    those values alone, unsorted; ``whole``: ``whole(user, organisation)``, whether the
    person's roles read that scope."""

    def __init__(self, spec, rows, *, whole):
        self.spec, self.rows, self.whole = spec, rows, whole
        self.statement = Statement(self._page)

    def _page(self, shape, *, organisation_id, today, bottom=0):
        sort, first, size, limit = shape
        rows = apply_sort(self.spec, self.rows(organisation_id, today), sort)
        return page_counted_query(rows, 0 if first else bottom, size, limit)

    def keys_for(self, request, rows, sort):
        """``rows`` (KeysFirst: the list as the view built it, sorted) with their page and
        count read by this statement, or None when it does not serve this person."""
        organisation = getattr(request, "current_organisation", None)
        if organisation is None or not self.whole(request.user, organisation):
            return None
        return PreparedKeys(rows.queryset, self, sort, organisation.pk, timezone.localdate())


class PreparedKeys(KeysFirst):
    """A KeysFirst list whose page and count (``page_counted``) are read by a ListRead's
    statement; anything else is read through the queryset, as KeysFirst reads it."""

    def __init__(self, queryset, read, sort, organisation_id, today):
        super().__init__(queryset)
        self.read, self.sort = read, sort
        self.values = {"organisation_id": organisation_id, "today": today}

    def page_rows(self, bottom, size, limit):
        values = dict(self.values, bottom=bottom) if bottom else self.values
        return self.read.statement.rows((self.sort, not bottom, size, limit), **values)
