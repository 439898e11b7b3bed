"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. Playwright's own browser download is never used."""

import os

import pytest

from tests.browser.helpers import TIMEOUT_MS

from .helpers import DESKTOP, assert_accessible, assert_accessible_at_all_widths

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse database calls made from that thread (the tests' own setup and assertions).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    # Everything in this folder drives a browser, so `-m "not browser"` always skips it.
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(live_server):
    # The browser depends on the live server so that it closes first: a browser left open
    # while the server stops finishes its requests on a server thread after the test database
    # connection stopped being shared with those threads (a warning from every such thread).
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install it with "
            "`sudo apt-get install chromium` (or set CHROMIUM_PATH).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab at desktop width, with URLs relative to the live server.
    bypass_csp lets the axe script be injected under Gateway's strict CSP."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def check_accessible():
    """check_accessible(page): zero axe violations at 1280px and 320px, and no sideways
    scrolling at 320px."""
    return assert_accessible_at_all_widths


@pytest.fixture
def axe_check():
    """axe_check(page): zero axe violations at the page's current width."""
    return assert_accessible
