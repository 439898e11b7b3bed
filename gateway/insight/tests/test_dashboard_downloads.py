"""The commissioner's dashboard offers its figures as files: each table (and every figure as
one table) as CSV and everything as one XLSX workbook, for the period and SAS practice the page
shows, and the yearly return. Following the links gives files whose figures are the page's
(read back as they would be opened: csv, openpyxl)."""

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.audit.models import AuditEvent
from gateway.insight import exports, period_choice, presenters
from gateway.insight.definitions import sas as sas_definitions
from gateway.insight.links import period_params
from gateway.insight.queries.scope import Scope
from gateway.insight.rules.periods import Period
from gateway.insight.sections import build
from gateway.sas.models import Review

from .sas_world import Q1, SasWorld, at, d

pytestmark = pytest.mark.django_db

PERIOD = Period(*Q1, "quarter")
CUSTOM = Period(d("2025-04-01"), d("2025-05-15"), "custom")
FIGURES_HEADINGS = ["Section", "Figure", "Value", "Unit", "Worked out from"]


@pytest.fixture
def world(client):
    w = SasWorld(sas_practices=2)
    e = w.episode(allocated=at(d("2024-01-01")), sas_practice=w.sas[0])
    took = Review.HowTookPart
    w.review(e, d("2025-05-01"), held_on=d("2025-05-01"), took_part=took.IN_PERSON)
    w.review(e, d("2025-05-02"), held_on=d("2025-05-03"), took_part=took.DID_NOT)
    sign_in(client, w.user, w.commissioner)
    return w


def links(body):
    """{link text (visually hidden words included): href} of every link in the page's main."""
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    found = {}
    for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', main, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner))
        found[" ".join(text.split())] = html.unescape(href)
    return found


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def shown_values(body):
    """{figure key: the value its card shows} on the dashboard."""
    cards = re.findall(r'id="figure-([\w-]+)".*?<p class="[^"]*">([^<]+)</p>', body, re.S)
    return {key: html.unescape(value) for key, value in cards}


def test_every_table_has_a_csv_link_for_the_period_shown_and_one_for_everything(client, world):
    body = client.get(reverse("insight:dashboard"), period_params(PERIOD)).content.decode()
    found = links(body)
    period_query = {"period": "quarter:2025-04-01"}

    everything = found["Download every figure as CSV"]
    assert everything.startswith(reverse("insight:export-csv"))
    assert query_of(everything) == {**period_query, "table": "figures"}
    xlsx = found["Download everything as a spreadsheet (XLSX)"]
    assert xlsx.startswith(reverse("insight:export-xlsx")) and query_of(xlsx) == period_query

    sections = build(Scope(commissioner=world.commissioner), PERIOD)
    tables = exports.tables_of(sections)
    assert len(tables) > 3
    for table in tables[1:]:  # the figures table is the "every figure" link
        url = found[f"Download this table as CSV: {table.definition.title}"]
        assert query_of(url) == {**period_query, "table": table.definition.key}

    year = period_choice.last_full_year(timezone.localdate())
    name = f"Download the yearly return for {year.label.lower()} (XLSX)"
    assert found[name] == f"{reverse('insight:yearly-return')}?year={year.start.year}"
    assert not [text for text in found if "click here" in text.lower()]


def test_the_downloaded_figures_are_the_pages(client, world):
    body = client.get(reverse("insight:dashboard"), period_params(PERIOD)).content.decode()
    shown = shown_values(body)
    assert shown[sas_definitions.VIEW_HEARD.key] == "50%"
    found = links(body)

    rows = csv_rows(client.get(found["Download every figure as CSV"]))
    assert rows[0] == FIGURES_HEADINGS
    sections = build(Scope(commissioner=world.commissioner), PERIOD)
    figures = [figure for section in sections for figure in section.figures]
    assert len(rows) == len(figures) + 1
    by_title = {row[1]: row for row in rows[1:]}
    for figure in figures:
        row = by_title[figure.definition.title]
        # The same number as the page shows, whatever its unit and presentation.
        value = None if row[2] == "" else float(row[2])
        assert (
            presenters.figure_value(type(figure)(figure.definition, value, figure.unit))
            == shown[figure.definition.key]
        ), figure.definition.key
    assert by_title[sas_definitions.VIEW_HEARD.title][2:] == ["50.0", "percentage", "1 of 2"]

    response = client.get(found["Download everything as a spreadsheet (XLSX)"])
    assert response.status_code == 200
    assert "-2025-04-01-to-2025-06-30.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["About", "Figures"] and book.sheetnames[-1] == "Definitions"
    assert book["About"]["B1"].value == world.commissioner.name
    assert book["About"]["B3"].value == "2025-04-01" and book["About"]["B4"].value == "2025-06-30"
    sheet_rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in book["Figures"].iter_rows(min_row=4, values_only=True)
    ]
    assert sheet_rows[0] == FIGURES_HEADINGS
    sheet_by_title = {row[1]: row for row in sheet_rows[1:]}
    assert sheet_by_title.keys() == by_title.keys()
    for title, row in by_title.items():
        sheet_value = sheet_by_title[title][2]
        assert (float(sheet_value) if sheet_value else None) == (float(row[2]) if row[2] else None)

    response = client.get(found[f"Download the yearly return for {_year_words()} (XLSX)"])
    assert response.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(response.content))["About"]["B1"].value.startswith(
        "Yearly return"
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 3


def _year_words():
    return period_choice.last_full_year(timezone.localdate()).label.lower()


def test_a_table_downloaded_has_the_rows_the_page_shows(client, world):
    body = client.get(reverse("insight:dashboard"), period_params(PERIOD)).content.decode()
    found = links(body)
    sections = build(Scope(commissioner=world.commissioner), PERIOD)
    table = exports.tables_of(sections)[1]
    rows = csv_rows(client.get(found[f"Download this table as CSV: {table.definition.title}"]))
    assert rows[0] == table.columns
    assert len(rows) == len(table.rows) + 1
    assert [row[0] for row in rows[1:]] == [str(row[0]) for row in table.rows]


def test_own_dates_and_one_sas_practice_travel_to_the_downloads(client, world):
    query = period_params(CUSTOM, world.sas[1])
    body = client.get(reverse("insight:dashboard"), query).content.decode()
    assert "Showing 1 April 2025 to 15 May 2025, SAS Practice 2." in body
    found = links(body)
    url = found["Download every figure as CSV"]
    assert query_of(url) == {**{k: str(v) for k, v in query.items()}, "table": "figures"}
    rows = csv_rows(client.get(url))
    by_title = {row[1]: row for row in rows[1:]}
    # The reviews were at the other SAS practice: nothing to measure at this one.
    assert by_title[sas_definitions.VIEW_HEARD.title][2] == ""
    assert shown_values(body)[sas_definitions.VIEW_HEARD.key] == presenters.NOTHING_TO_MEASURE
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail["sas_practice"] == str(world.sas[1].public_id)
    assert (event.detail["from"], event.detail["to"]) == ("2025-04-01", "2025-05-15")

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(found["Download everything as a spreadsheet (XLSX)"]).content)
    )
    assert book["About"]["B1"].value == f"{world.commissioner.name}, SAS Practice 2"


def test_a_period_the_dashboard_would_refuse_gives_no_file(client, world):
    query = {"period": "custom", "start_day": "1", "start_month": "13", "start_year": "2025"}
    assert client.get(reverse("insight:export-csv"), query).status_code == 404
    assert client.get(reverse("insight:export-xlsx"), query).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
