"""Reading the files people bring: CSV or XLSX, line numbers as their spreadsheet shows them,
and plain reasons when a file cannot be read."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook

from gateway.imports.tables import Row, Unreadable, problems_download, read_table


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_csv_keeps_the_line_numbers_a_spreadsheet_shows_even_past_blank_lines():
    content = "NHS No,Name\n943 476 5919,Ann\n,\n4010232137,Bob\n".encode("utf-8-sig")
    table = read_table("caseload.csv", content)
    assert table.headings == ("NHS No", "Name")
    assert table.rows == [Row(2, ("943 476 5919", "Ann")), Row(4, ("4010232137", "Bob"))]


def test_an_xlsx_is_read_from_its_first_sheet_with_dates_and_numbers_as_text():
    content = xlsx([["NHS", "Born"], [9434765919, datetime.date(1980, 2, 1)]])
    table = read_table("Caseload.XLSX", content)
    assert table.rows == [Row(2, ("9434765919", "1980-02-01"))]


def test_a_file_without_headings_starts_at_line_1():
    table = read_table("epraccur.csv", b'"A81001","THE DENSHAM SURGERY"\n', has_headings=False)
    assert table.headings == ()
    assert table.rows == [Row(1, ("A81001", "THE DENSHAM SURGERY"))]


def test_text_saved_by_older_excel_is_still_read():
    table = read_table("c.csv", "Name\nZoë\n".encode("cp1252"))
    assert table.rows[0].values == ("Zoë",)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("c.csv", b"", "The file is empty."),
        ("c.pdf", b"%PDF-1.4", "The file must be a CSV or an Excel workbook (.xlsx)."),
        ("c.xlsx", b"not a zip", "The file is not an Excel workbook (.xlsx) that can be opened."),
        ("c.csv", b"Name\n\n", "The file has no rows to import."),
        ("c.csv", b"\n\n", "The file has no heading row."),
        ("c.csv", b"a\x00b", "The file is not a CSV file. Save it as CSV (UTF-8)."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(name, content, reason):
    with pytest.raises(Unreadable) as caught:
        read_table(name, content)
    assert str(caught.value) == reason


def test_the_rows_not_imported_come_back_with_their_line_and_reasons_and_no_formulas():
    response = problems_download(
        "not-imported.csv",
        ("NHS No", "Name"),
        [(Row(3, ("123", "=HYPERLINK(1)")), ["The NHS number is not valid", "No name"])],
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Line", "Why it was not imported", "NHS No", "Name"],
        ["3", "The NHS number is not valid; No name", "123", "'=HYPERLINK(1)"],
    ]
