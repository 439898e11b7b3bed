"""Reading the files people bring (CSV or XLSX) into numbered rows, and giving back the rows
that could not be used with the reason for each. Shared by every import so each says what is
wrong with a file in the same plain words, with the line number a person sees in their
spreadsheet program."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gateway.core.csv_export import csv_response

# Larger than the national practice file (about 15 MB for 12,000 rows is far below); a caseload
# of thousands of people is well under 1 MB.
MAX_BYTES = 50 * 1024 * 1024
CSV_TYPES = (".csv",)
XLSX_TYPES = (".xlsx",)


class Unreadable(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class Row:
    line: int  # as the person's spreadsheet program numbers it (the heading row is line 1)
    values: tuple


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass
class Table:
    headings: tuple
    rows: list = field(default_factory=list)


def read_table(name, content, *, has_headings=True):
    """The rows of an uploaded file (``name`` decides CSV or XLSX; ``content`` is bytes).
    Empty rows are skipped but keep their line numbers for the rows after them."""
    if not content:
        raise Unreadable("The file is empty.")
    if len(content) > MAX_BYTES:
        raise Unreadable(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    lowered = (name or "").lower()
    if lowered.endswith(XLSX_TYPES):
        lines = _xlsx_lines(content)
    elif lowered.endswith(CSV_TYPES):
        lines = _csv_lines(content)
    else:
        raise Unreadable("The file must be a CSV or an Excel workbook (.xlsx).")
    table = Table(headings=())
    for number, values in enumerate(lines, start=1):
        values = tuple(_text(value) for value in values)
        if has_headings and not table.headings:
            if any(values):
                table.headings = values
            continue
        if any(values):
            table.rows.append(Row(number, values))
    if has_headings and not table.headings:
        raise Unreadable("The file has no heading row.")
    if not table.rows:
        raise Unreadable("The file has no rows to import.")
    return table


def _text(value):
    """A cell as text. Spreadsheets keep dates as date-times at midnight: they come back as
    the date alone (ISO 8601), so a date of birth reads the same from CSV and XLSX."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _csv_lines(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost any bytes
        raise Unreadable("The file's text could not be read. Save it as CSV (UTF-8).")
    if "\x00" in text:
        raise Unreadable("The file is not a CSV file. Save it as CSV (UTF-8).")
    return csv.reader(io.StringIO(text, newline=""))


def _xlsx_lines(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise Unreadable("The file is not an Excel workbook (.xlsx) that can be opened.") from error
    sheet = workbook.worksheets[0]
    return sheet.iter_rows(values_only=True)


def problems_download(filename, headings, rejected):
    """The rows that were not imported, as they were, each with its line and reason, so the
    person can fix them and import just those (every cell formula-safe). ``rejected`` is
    (Row, reasons) pairs."""
    header = ["Line", "Why it was not imported", *headings]
    rows = [[row.line, "; ".join(reasons), *row.values] for row, reasons in rejected]
    return csv_response(filename, header, rows)
