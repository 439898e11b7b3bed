"""An NHS England analyst, in a real browser: from their home page to every area side by side,
a chosen period, small numbers hidden, and the downloads — with no person's name or NHS number
anywhere, on the page or in the files. Every page has zero axe WCAG 2.2 AA violations at
1280px and 320px."""

import csv
import io
import pathlib
import re

import openpyxl
import pytest
from django.core.management import call_command

from gateway.nonprod.demo_data import PATIENTS, demo_nhs_number

from .test_role_home_pages import assert_shows, follow, main_text
from .test_sas_whole_journey import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def personal_data():
    """Every demo person's full name, family name and NHS number."""
    found = []
    for person in PATIENTS:
        found += [f"{person['given_name']} {person['family_name']}", person["family_name"]]
        if person["serial"] is not None:
            found.append(demo_nhs_number(person["serial"]))
    return found


def assert_nothing_personal(text):
    """No name or NHS number as a word of text (markup and styles aside: the NHS.UK styles
    name colours like green)."""
    for value in personal_data():
        assert not re.search(rf"\b{re.escape(value)}\b", text), f"{value!r} shown to the analyst"


def download(page, link_name):
    with page.expect_download() as waiting:
        page.locator("main").get_by_role("link", name=link_name).first.click()
    return pathlib.Path(waiting.value.path()).read_bytes()


def test_analyst_sees_every_area_with_small_numbers_hidden_and_no_person(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    page = signed_in_page(browser, live_server, check_accessible, "national-analyst")
    home = main_text(page)
    assert_shows(home, "Every area side by side", "you see no person")
    assert not page.locator("header").get_by_role("link", name="Patients").count()

    text = follow(page, "Every area side by side", check_accessible, exact=True)
    assert_shows(text, "Every area side by side", "NHS Sussex ICB (demo)", "England")
    assert_shows(text, "The scheme at a glance by area", "What the figures mean", "Small numbers")
    assert_nothing_personal(main_text(page))
    assert not page.locator("main a[href*='/patients/'], main a[href*='/sas/']").count()

    # A financial year instead of this quarter.
    page.get_by_label("Period").select_option(index=8)
    submit(page, "Show this period", check_accessible)
    assert "period=year" in page.url
    assert_shows(main_text(page), "Financial year")
    assert_nothing_personal(main_text(page))

    rows = list(csv.reader(io.StringIO(download(page, "Download this table").decode())))
    assert rows[0][0] == "Commissioner" and rows[-1][0] == "England"
    assert_nothing_personal(repr(rows))

    book = openpyxl.load_workbook(io.BytesIO(download(page, "Every table of this page")))
    assert book.sheetnames[0] == "About" and book.sheetnames[-1] == "Definitions"
    cells = [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r]
    assert any("fewer than 8" in cell for cell in cells)
    assert_nothing_personal(" ".join(cells))

    book = openpyxl.load_workbook(io.BytesIO(download(page, "Yearly return")))
    assert book["About"]["B1"].value.startswith("Yearly return, financial year")
