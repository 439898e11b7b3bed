"""What a person meets on a list page (gateway/core/lists.py), read the way they read it: the
rows of the table in order, the links on the page and where they were sent."""

import csv
import io
import re
from html.parser import HTMLParser


class _TableReader(HTMLParser):
    """The text of each body row's cells, and every URL on the page."""

    def __init__(self):
        super().__init__()
        self.rows, self.urls = [], []
        self._in_body = self._in_cell = False
        self._row = self._cell = None
        self._cell_heading = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "action", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "span" and "nhsuk-table-responsive__heading" in (attrs.get("class") or ""):
            self._cell_heading = True

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "td" and self._cell is not None:
            lines = ("".join(self._cell)).split("\n")
            self._row.append("\n".join(" ".join(line.split()) for line in lines).strip())
            self._cell = None
        elif tag == "span" and self._cell_heading:
            self._cell_heading = False
            if self._cell is not None:
                self._cell.clear()  # the responsive table's hidden heading is not the value

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read(response):
    reader = _TableReader()
    reader.feed(response.content.decode())
    return reader


def rows(response):
    """Each row of the list's table as the text of its cells (a line break kept as one)."""
    return read(response).rows


def first_column(response):
    """The first line of each row's first cell: the name the row is about."""
    return [row[0].split("\n")[0] for row in rows(response)]


def every_url(response):
    """Every address the person passed through or can follow from the page: the redirects
    that led there, the page's own address and every link, form and image on it."""
    chain = [url for url, _ in getattr(response, "redirect_chain", [])]
    own = response.wsgi_request.get_full_path()
    return [*chain, own, *read(response).urls]


def search(client, url, **criteria):
    """Fill in the list's search and filter form and press Search (the form posts)."""
    data = {}
    for name, value in criteria.items():
        if hasattr(value, "year"):
            data.update({f"{name}_day": value.day, f"{name}_month": value.month})
            data[f"{name}_year"] = value.year
        else:
            data[name] = value
    return client.post(url, data, follow=True)


def csv_rows(response):
    """The downloaded CSV as a list of rows (the header first)."""
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def csv_link(response):
    """The page's "Download … (CSV)" link."""
    for url in read(response).urls:
        if ".csv" in url:
            return url
    raise AssertionError("The page has no CSV download link")


def sort_link(response, heading):
    """The address of the column heading's sort link."""
    html = response.content.decode()
    marker = f'>{heading}<span class="nhsuk-u-visually-hidden">'
    at = html.index(marker)
    start = html.rindex('href="', 0, at) + len('href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def select_choices(response, name):
    """(value, text) of each option of the page's select called ``name``, in order."""
    page = response.content.decode()
    start = page.index(f'name="{name}"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="([^"]*)"[^>]*>\s*([^<]*?)\s*</option>', select)
