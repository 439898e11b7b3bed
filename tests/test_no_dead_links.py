"""No link leads a person to a page they may not open.

Each demo role signs in, starts at the home page and follows every link on the site that it
is shown (``<a href>``, GET only, breadth first). A link that answers "you cannot do this"
(403), "page not found" (404), "method not allowed" (405: the page only takes a form) or a
server error is a dead end for the person who was offered it: the page that showed it must
not show it to that role, or the role must be let in.

The crawl is bounded so it stays quick: each kind of link (where it leads and its words) is
followed at most twice per role and each page at most a few times with different records,
lists are read only to page 2, downloads (letters as PDF, CSV exports) are left to their own
tests, and a role reads at most MAX_PAGES pages."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from conftest import sign_in
from gateway.accounts.models import Organisation, Role
from gateway.nonprod.demo_data import demo_users

pytestmark = pytest.mark.django_db

DEAD = {403: "you cannot do this", 404: "not found", 405: "takes no GET", 500: "server error"}
SAME_SITE = {"", "testserver"}
SKIP_PATHS = ("/sign-out",)  # ends the session the crawl runs in
DOWNLOAD = re.compile(r"\.(pdf|csv)$")  # covered by the tests of each download
PER_LINK = 2  # times one kind of link (target page and words) is followed
PER_PAGE = 5  # records one page is opened with (say, five patients' records)
MAX_PAGES = 120  # pages one role reads


class _Links(HTMLParser):
    """(href, words) of each <a href> on a page, hidden words included."""

    def __init__(self):
        super().__init__()
        self.links = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            self._open = [href, ""] if href else None
            if self._open:
                self.links.append(self._open)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data


def links_on(html):
    reader = _Links()
    reader.feed(html)
    return [(href, " ".join(words.split())) for href, words in reader.links]


def _target(page_url, href):
    """The same-site path (and query) a link leads to, or None for links the crawl leaves:
    other sites, in-page anchors, mail and phone links, sign-out, downloads, and lists past
    page 2."""
    if href.startswith(("#", "mailto:", "tel:")):
        return None
    parts = urlsplit(urljoin(page_url, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_SITE:
        return None
    if parts.path.startswith(SKIP_PATHS) or DOWNLOAD.search(parts.path):
        return None
    page = parse_qs(parts.query).get("page", ["1"])[0]
    if page.isdigit() and int(page) > 2:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return path  # a link to no page at all: opened once, answers 404


def _open(client, url):
    """(status, final url) after following redirects; a server error is caught and named."""
    try:
        response = client.get(url, follow=True)
    except Exception as error:  # noqa: BLE001 - a crash is what this test reports
        return f"500 ({type(error).__name__}: {error})", url, None
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    html = None
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        html = response.content.decode()
    return response.status_code, final, html


def crawl(client):
    """Follow the links a signed-in person is shown, from the home page. Returns the pages
    read and the dead links: (page it was on, link words, where it leads, what it answered)."""
    queue = deque([("(start)", "(home page)", "/")])
    seen = {"/"}
    per_link, per_page = Counter(), Counter()
    read, dead = [], []
    while queue and len(read) < MAX_PAGES:
        on_page, words, url = queue.popleft()
        status, final, html = _open(client, url)
        read.append(url)
        if isinstance(status, str) or status in DEAD:
            answer = status if isinstance(status, str) else f"{status} {DEAD[status]}"
            via = f" (sent on to {final})" if final != url else ""
            dead.append(f"on {on_page} the link {words!r} to {url}{via} answered {answer}")
            continue
        if html is None:
            continue
        for href, link_words in links_on(html):
            target = _target(final, href)
            if target is None or target in seen:
                continue
            name = _page_name(urlsplit(target).path)
            if per_link[name, link_words] >= PER_LINK or per_page[name] >= PER_PAGE:
                continue
            per_link[name, link_words] += 1
            per_page[name] += 1
            seen.add(target)
            queue.append((final, link_words, target))
    return read, dead


def test_no_link_a_role_is_shown_leads_to_a_page_it_may_not_open(client):
    call_command("load_demo", stdout=io.StringIO())
    # Every role, once: a second demo user in the same role (a second organisation admin to
    # confirm a reset) sees the same links.
    users = list({role: (user, role, org) for user, role, org in demo_users()}.values())
    assert sorted(role for _, role, _ in users) == sorted(Role.values)
    problems, pages_read = [], {}
    for user, role, organisation_name in users:
        client.logout()
        sign_in(client, user, Organisation.objects.get(name=organisation_name))
        read, dead = crawl(client)
        pages_read[role] = len(read)
        problems += [f"{Role(role).label}: {line}" for line in dead]
    assert not problems, "Links that lead nowhere for the role shown them:\n" + "\n".join(problems)
    # The crawl went somewhere: every role reads its home page and the pages of its menu.
    assert all(count > 3 for count in pages_read.values()), pages_read


def test_the_crawl_reads_link_words_and_leaves_what_it_should_not_follow():
    html = (
        '<a href="/patients/">Find a <span class="nhsuk-u-visually-hidden">patient</span></a>'
        '<a href="#main">Skip</a><a>no href</a>'
    )
    assert links_on(html) == [("/patients/", "Find a patient"), ("#main", "Skip")]
    here = "/sas/episodes"
    assert _target(here, "/sas/worklist") == "/sas/worklist"
    assert _target(here, "http://testserver/sas/worklist?page=2") == "/sas/worklist?page=2"
    assert _target(here, "reports") == "/sas/reports"
    for href in (
        "#main",
        "mailto:someone@example.nhs.uk",
        "tel:0300 123 0000",
        "https://www.nhs.uk/",
        "/sign-out",
        "/outbox/to-person/x/letter.pdf",
        "/registration/evidence/refusals.csv",
        "/sas/episodes?page=3",
    ):
        assert _target(here, href) is None, href
