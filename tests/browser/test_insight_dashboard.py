"""The commissioner's dashboard in a real browser: from the home page to the figures, a
different period, the "person's own view heard" headline, its definition and the people
behind it, with zero axe violations at 1280 and 320 px (and no sideways scrolling) on every
page. From the dashboard, every figure is downloaded as CSV and everything as XLSX, and the
files carry the page's figures."""

import csv
import datetime
import io
import pathlib
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.accounts.models import User
from gateway.nonprod.demo_data import demo_email, demo_nhs_number
from gateway.patients.models import Patient
from gateway.support import services as support_services
from gateway.support.rules import ndta

from .test_sas_whole_journey import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEARD = "Reviews where the person's own view was heard"


def main_text(page):
    return " ".join(page.locator("main").inner_text().split())


def test_the_commissioner_reads_the_dashboard_its_definitions_and_the_people_behind_it(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    page = signed_in_page(browser, live_server, check_accessible, "commissioner")

    # From the home page to this financial year so far.
    page.get_by_role("link", name="Figures for your area").click()
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert re.search(r"Showing Financial year \d{4} to \d{4}: .*all SAS practices", text)
    headline = page.locator("#figure-sas-view-heard")
    assert HEARD in headline.inner_text()
    shown = re.search(r"\d+(\.\d)?%", headline.inner_text()).group(0)
    assert page.locator("svg[role=img]").count() >= 3

    # The downloads: every figure as CSV and everything as XLSX, with the page's figures.
    rows = list(csv.reader(io.StringIO(download(page, "Download every figure as CSV").decode())))
    assert rows[0] == ["Section", "Figure", "Value", "Unit", "Worked out from"]
    heard = next(row for row in rows if row[1] == HEARD)
    assert f"{float(heard[2]):g}%" == shown and heard[3] == "percentage"
    book = openpyxl.load_workbook(
        io.BytesIO(download(page, "Download everything as a spreadsheet (XLSX)"))
    )
    assert book.sheetnames[:2] == ["About", "Figures"] and book.sheetnames[-1] == "Definitions"
    assert "Financial year" in book["About"]["B2"].value

    # Another period: last financial year has nothing of the demo's, which says so.
    page.get_by_label("Period", exact=True).select_option(index=QUARTERS_AND_THIS_YEAR)
    submit(page, "Show the figures", check_accessible)
    check_accessible(page)
    assert "Nothing to measure" in page.locator("#figure-sas-view-heard").inner_text()

    # Back to this quarter so far, and its definition one click away.
    page.get_by_label("Period", exact=True).select_option(index=0)
    submit(page, "Show the figures", check_accessible)
    assert (
        "(so far)" in page.get_by_label("Period", exact=True).locator("option:checked").inner_text()
    )
    headline = page.locator("#figure-sas-view-heard")
    headline.get_by_role("link", name=re.compile("What this counts")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/insight/definitions#sas-view-heard")
    check_accessible(page)
    assert "took part in any way" in page.locator("#sas-view-heard").inner_text()

    # The people behind it: the reviews held, with whether the person's view was heard.
    page.go_back()
    page.wait_for_load_state()
    page.locator("#figure-sas-view-heard").get_by_role(
        "link", name=re.compile("The people behind it")
    ).click()
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert "Reviews held in the period" in text and "Own view heard" in text
    assert page.locator("main tbody tr").count() >= 1


def download(page, link_name):
    """The bytes of the file a link of the page's main downloads."""
    with page.expect_download() as waiting:
        page.locator("main").get_by_role("link", name=link_name).click()
    return pathlib.Path(waiting.value.path()).read_bytes()


# The chooser lists 8 quarters, then this financial year and the two before it.
QUARTERS_AND_THIS_YEAR = 9


def test_the_assessment_history_chart_is_drawn_by_the_same_library_and_readable(
    browser, live_server, check_accessible
):
    """The support worker's history of a person's NDTA scores: the chart from
    gateway.core.charts, described for screen readers, beside the same figures in a table."""
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    worker = User.objects.get(username=demo_email("support-worker"))
    organisation = worker.memberships.get().organisation
    today = timezone.localdate()
    for weeks, rating in ((12, 3), (8, 2), (1, 1)):
        support_services.record_ndta(
            worker,
            organisation,
            jordan,
            dict.fromkeys(ndta.KEYS, rating),
            assessed_on=today - datetime.timedelta(weeks=weeks),
        )
    page = signed_in_page(browser, live_server, check_accessible, "support-worker")
    page.goto(f"/support/patients/{jordan.public_id}/assessments/ndta")
    check_accessible(page)
    chart = page.get_by_role("img", name=re.compile("over time"))
    assert chart.count() == 1
    assert "3 assessments from" in page.locator("figure").inner_text()
    assert page.locator("main table tbody tr").count() == 3
