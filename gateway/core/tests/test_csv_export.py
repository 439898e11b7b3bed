"""Every CSV file Gateway writes neutralises cells a spreadsheet would run as a formula, and
there is one place that writes them."""

import csv
import io
import pathlib
import re

import pytest

from gateway.core.csv_export import csv_response, safe_cell

GATEWAY = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "|calc"],
)
def test_a_cell_starting_like_a_formula_is_shown_as_plain_text(typed):
    assert safe_cell(typed) == "'" + typed


def test_ordinary_text_and_counted_numbers_are_left_alone():
    assert safe_cell("Jordan Ashby") == "Jordan Ashby"
    assert safe_cell("O'Neill - hostel") == "O'Neill - hostel"
    assert safe_cell(12) == 12
    assert safe_cell(None) == ""


def test_the_download_neutralises_every_cell_including_the_header():
    response = csv_response("x.csv", ["=Name"], [["=cmd|' /C calc'!A0", 3]])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["'=Name"], ["'=cmd|' /C calc'!A0", "3"]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_every_csv_file_gateway_writes_goes_through_the_one_neutralising_helper():
    writers = [
        str(path.relative_to(GATEWAY))
        for path in GATEWAY.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "csv_export.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert writers == [], "Write CSV with gateway.core.csv_export instead"
