"""One way to show a long list a page at a time.

``page_of(request, rows)`` returns a Django ``Page`` of ``rows`` for the ``page`` number in the
query string (an unknown or out-of-range number gives the nearest page, never an error) with
``page.links``: the parameters of the NHS.UK pagination component, or None when everything fits
on one page. The links keep the rest of the query string (a sort or a search token), so moving
between pages never loses what the person chose.

A list that can grow without limit (every visible episode in England, millions of audit rows)
passes ``count_limit``: it is counted only up to that many rows
(``SELECT COUNT(*) FROM (... LIMIT n)``), never in full, says "more than 1,000" instead of
an exact number, and pages only that far, so the deepest page costs what the first costs
(``page.beyond_text`` says only the first 1,000 are shown; docs/adr/0043-lists-that-stay-fast.md).
``page.count_text`` is the words for the count either way. Rows that are not one queryset (the
SAS worklist merges two) count themselves: they offer ``count_up_to(n)``, and are sliced like a
list.

A bounded list read keys first (``KeysFirst``) reads its page and its count in one statement
(ADR 0069); the count is then read alone only for a page past the end of a shorter list.

A list whose size was already read (counted in the query that read what the list belongs to)
passes ``count``: the rows are then not counted again, and only the page is read."""

from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.http import QueryDict

PAGE_SIZE = 25
PAGE = "page"
# How far a bounded list counts before it says "more than": enough for any list a person pages
# through by hand, small enough that counting it costs about what reading one page costs.
COUNT_LIMIT = 1000
# The name of the count read with a KeysFirst page (an attribute of each row read with it).
LISTED_COUNT = "listed_count_up_to"


class BoundedPaginator(Paginator):
    """A Paginator that counts at most ``limit`` rows and pages only that far: a deep page
    costs what the first costs, since no page reads or counts past the limit. A list longer
    than that says "more than 1,000" and that only the first 1,000 are shown (``more``);
    search, filters and the download reach the rest (ADR 0043 section 1)."""

    def __init__(self, rows, size, limit):
        super().__init__(rows, size)
        self.limit = limit

    @cached_property
    def counted(self):
        rows = self.object_list
        if hasattr(rows, "count_up_to"):  # rows that count themselves, bounded
            return rows.count_up_to(self.limit + 1)
        if hasattr(rows, "count") and hasattr(rows, "query"):
            # Any limit + 1 rows answer "how many, up to the limit": unordered, the database
            # may stop at the first rows it finds instead of sorting them all (ADR 0051).
            return rows.order_by()[: self.limit + 1].count()
        return len(rows[: self.limit + 1])

    @property
    def more(self):
        """True when there are more rows than were counted (and than the pages show)."""
        return self.counted > self.limit

    @cached_property
    def count(self):
        return min(self.counted, self.limit)


class CountedPaginator(Paginator):
    """A Paginator told how many rows there are, so it never counts them itself."""

    def __init__(self, rows, size, count):
        super().__init__(rows, size)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


def page_of(request, rows, size=PAGE_SIZE, count_limit=None, count=None):
    """The requested page of rows (a queryset is sliced in the database: one page is read).
    With ``count_limit`` the rows are counted only that far; with ``count`` they are not
    counted at all (see the module's docstring)."""
    if count is not None:
        paginator = CountedPaginator(rows, size, count)
    elif count_limit is None:
        paginator = Paginator(rows, size)
    else:
        paginator = BoundedPaginator(rows, size, count_limit)
    page = _read_with_count(paginator, request.GET.get(PAGE))
    if page is None:
        page = paginator.get_page(request.GET.get(PAGE))
    page.count_text = count_text(paginator)
    more = getattr(paginator, "more", False)
    page.beyond_text = f"Only the first {paginator.limit:,} are shown." if more else ""
    page.links = links(request, page)
    return page


def _read_with_count(paginator, typed):
    """The page ``get_page(typed)`` gives, with its rows and the bounded count read in one
    statement (``KeysFirst.page_counted``, ADR 0069), or None where this cannot tell which
    page that is before counting: rows that are not KeysFirst, a number below 1 (``get_page``
    gives the last page). Then ``get_page`` counts and finds the page, as before. A number
    that is not a whole number is the first page, and a page past the limit is the last the
    limit allows, as ``get_page`` has them. A page past the end of a shorter list is its last
    page, as ``get_page`` has it: the statement starts there (ADR 0069, update), so a deep
    page costs what the first costs whatever the list's length."""
    rows = paginator.object_list
    if not (isinstance(paginator, BoundedPaginator) and isinstance(rows, KeysFirst)):
        return None
    try:
        number = 1 if typed is None else int(typed)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return None
    size, limit = paginator.per_page, paginator.limit
    number = min(number, max(1, -(-limit // size)))
    found = rows.page_counted((number - 1) * size, size, limit)
    if found is None:
        return None
    paginator.__dict__["counted"] = getattr(found[0], LISTED_COUNT) if found else 0
    # Past the end: the statement read the last page (its offset is the smaller of the two).
    number = min(number, paginator.num_pages)
    bottom = (number - 1) * size
    top = min(bottom + size, paginator.count)
    return paginator._get_page(found[: max(0, top - bottom)], number, paginator)


def count_text(paginator):
    """ "1,234" or, for a bounded list with more rows than it counted, "more than 1,000"."""
    if getattr(paginator, "more", False):
        return f"more than {paginator.limit:,}"
    return f"{paginator.count:,}"


def links(request, page):
    """Parameters for the NHS.UK pagination component, or None when there is one page."""
    if page.paginator.num_pages <= 1:
        return None

    def href(number):
        query = QueryDict(mutable=True)
        query.update({k: v for k, v in request.GET.items() if k != PAGE})
        query[PAGE] = number
        return f"?{query.urlencode()}"

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else {},
        "next": {"href": href(page.next_page_number())} if page.has_next() else {},
        "items": items,
    }


def bounded_count(rows, limit=COUNT_LIMIT):
    """(how many rows, up to limit + 1; the words for it: "12" or "more than 1,000") in one
    query (or one per source, for rows that count themselves with ``count_up_to``) that never
    counts past the limit; unordered, so the database may stop at the first rows it finds."""
    if hasattr(rows, "count_up_to"):
        counted = rows.count_up_to(limit + 1)
    else:
        counted = rows.order_by()[: limit + 1].count()
    words = f"more than {limit:,}" if counted > limit else f"{counted:,}"
    return counted, words


def total_of(rows, found, offset, size):
    """How many rows the whole list holds, given the ``found`` rows of the page of ``size``
    from ``offset``: a page that is not empty and not full is the list's last, so the total
    is known without counting; otherwise the list is counted (one query). The API and FHIR
    searches answer exact totals (ADR 0038); most of their searches (a person by NHS number,
    one person's records) fit in one page, and are then read in one query, not two."""
    if found and len(found) < size or not found and offset == 0:
        return offset + len(found)
    return rows.count()


class KeysFirst:
    """A queryset whose page is read in two steps: the page's keys, in the list's order, then
    those rows with everything they join, by key (ADR 0043, update 2026-12-07). One query
    reading the page with its joins sorts every row in scope with its joined columns before it
    can take 25 (the registration inbox at bench 4x: 1,452 referrals, each joined to its
    person, practice, referrer and user first); the keys alone sort the same rows on the list's
    own columns, and the joins are made for the 25 shown. Same rows, same order, one query
    more. Counting is the queryset's, unordered (``count_up_to``) or in full (``count``).
    A bounded list (``page_of(..., count_limit=...)``) reads its count, keys and rows in one
    statement instead, the keys and the count as subqueries (``page_counted``, ADR 0069)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.order_by().count()

    def count_up_to(self, limit):
        return self.queryset.order_by()[:limit].count()

    def __len__(self):
        return self.count()

    def page_counted(self, bottom, size, limit):
        """Up to ``size`` rows from ``bottom`` in the list's order, each with how many rows the
        list has up to ``limit`` + 1 (``LISTED_COUNT``), in one statement: the queryset's rows
        whose keys are in a subquery of the page's keys, in the queryset's order, and the
        bounded count as a scalar subquery (ADR 0069). The keys, the count and the rows are
        each read through the queryset, scoping and all, in one snapshot. The keys and the
        count are each compiled once, on their own, as their own statements were
        (``_compiled``): the ORM would otherwise clone and relabel the scope's nested
        subqueries again to nest them. Past page 1 the keys start at ``bottom`` or at the
        last page's first row, whichever comes first, worked out from the count in the
        statement, so a page past the end of a shorter list reads its last page with no
        statement more (ADR 0069, update). None where the database cannot take a sliced
        subquery in ``IN``, or the queryset is known to be empty (the count then costs no
        query)."""
        if not connections[self.queryset.db].features.allow_sliced_subqueries_with_in:
            return None
        try:
            return self.page_rows(bottom, size, limit)
        except EmptyResultSet:
            return None

    def page_rows(self, bottom, size, limit):
        """``page_counted``'s rows, read through the queryset (``page_counted_query``); a
        list whose statement is kept reads them its own way (gateway.core.list_reads)."""
        return list(page_counted_query(self.queryset, bottom, size, limit))

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[key])
        if not keys:
            return []
        found = {row.pk: row for row in self.queryset.order_by().filter(pk__in=keys)}
        return [found[pk] for pk in keys if pk in found]


def page_counted_query(queryset, bottom, size, limit):
    """``KeysFirst.page_counted``'s statement as a queryset: ``queryset``'s rows whose keys
    are in a subquery of the page's keys from ``bottom``, each annotated with the bounded
    count (``LISTED_COUNT``). ``bottom`` is a parameter of the statement, never written into
    its SQL, so one statement serves every page past the first (a list's page read compiled
    once a process: gateway.core.list_reads). EmptyResultSet when the queryset is known to
    be empty."""
    counted = _compiled(queryset.order_by().values("pk")[: limit + 1])
    if bottom == 0:
        keys = _compiled(queryset.values("pk")[:size])
    else:
        keys = _from_bottom_or_last_page(queryset, bottom, size, limit, counted)
    count = RawSQL(  # noqa: S611 (the ORM's own SQL and parameters, counted)
        f"SELECT COUNT(*) FROM ({counted.sql}) counted",  # noqa: S608
        counted.params,
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=keys).annotate(**{LISTED_COUNT: count})


def _from_bottom_or_last_page(queryset, bottom, size, limit, counted):
    """The list's keys in its order from ``bottom``, or from the last page's first row when
    the list (counted up to ``limit``) ends before ``bottom``: the offset is the smaller of
    the two, worked out in the statement from the count. ``bottom`` is a parameter; the
    page size and the limit, ints the list fixes, are written in; the rest is the ORM's own
    SQL, its values parameters."""
    ordered = _compiled(queryset.values("pk"))
    size, limit = int(size), int(limit)
    offset = (
        "(SELECT CASE WHEN %s < pages.last THEN %s ELSE pages.last END FROM "  # noqa: S608
        f"(SELECT CASE WHEN listed.n = 0 THEN 0 ELSE (listed.n - 1) / {size} * {size} END"
        f" AS last FROM (SELECT CASE WHEN COUNT(*) > {limit} THEN {limit} ELSE COUNT(*) END"
        f" AS n FROM ({counted.sql}) counted) listed) pages)"
    )
    return RawSQL(  # noqa: S611 (the ORM's own SQL and parameters, paged)
        f"{ordered.sql} LIMIT {size} OFFSET {offset}",
        ordered.params + (int(bottom), int(bottom)) + counted.params,
        output_field=ordered.output_field,
    )


def _compiled(values):
    """A queryset of one column as SQL the ORM compiled, every value a parameter: nothing is
    spliced in (as gateway.core.figures.compiled, keeping its order and slice)."""
    sql, params = values.query.get_compiler(using=values.db).as_sql()
    return RawSQL(sql, params, output_field=values.query.output_field)  # noqa: S611


def keys_first(rows):
    """``rows`` read as KeysFirst where that is the same list: a queryset that is not
    DISTINCT (the keys of a DISTINCT list are not its rows' keys one for one)."""
    query = getattr(rows, "query", None)
    if query is None or query.distinct or query.combinator:
        return rows
    return KeysFirst(rows)
