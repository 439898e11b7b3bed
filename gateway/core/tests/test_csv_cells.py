"""Every CSV cell is safe to open in a spreadsheet (formula or CSV injection, OWASP): a cell
starting with = + - @, a tab, a carriage return or | is shown as text, never run."""

import datetime

import pytest

from gateway.core.csv_export import csv_response, safe_cell


@pytest.mark.parametrize(
    "typed",
    ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", "|calc", '=HYPERLINK("x")'],
)
def test_a_cell_that_starts_like_a_formula_is_shown_as_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Casey Doe", "999 123 4567", "A81001", "", "It's fine = ok"])
def test_ordinary_text_is_left_as_it_is(typed):
    assert safe_cell(typed) == typed


def test_dates_are_iso_and_nothing_is_empty():
    assert safe_cell(datetime.date(2027, 3, 15)) == "2027-03-15"
    assert safe_cell(None) == ""
    # A number Gateway counted stays a number: a minus sign before digits is not a formula.
    assert safe_cell(-3) == -3
    assert safe_cell("-3 people") == "'-3 people"


def test_the_download_neutralises_headers_and_rows():
    response = csv_response("list.csv", ["=Name"], [["@evil", "ok"]])
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert response.content.decode().splitlines() == ["'=Name", "'@evil,ok"]
