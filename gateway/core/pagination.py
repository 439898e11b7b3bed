"""One way to show a long list a page at a time.

``page_of(request, rows)`` returns a Django ``Page`` of ``rows`` for the ``page`` number in the
query string (an unknown or out-of-range number gives the nearest page, never an error) with
``page.links``: the parameters of the NHS.UK pagination component, or None when everything fits
on one page. The links keep the rest of the query string (a sort or a search token), so moving
between pages never loses what the person chose."""

from django.core.paginator import Paginator
from django.http import QueryDict

PAGE_SIZE = 25
PAGE = "page"


def page_of(request, rows, size=PAGE_SIZE):
    """The requested page of rows (a queryset is sliced in the database: one page is read)."""
    page = Paginator(rows, size).get_page(request.GET.get(PAGE))
    page.links = links(request, page)
    return page


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
