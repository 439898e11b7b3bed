"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab, a carriage return or | is read by Excel, LibreOffice
and Google Sheets as a formula (CSV or formula injection, OWASP): a name typed as
"=HYPERLINK(...)" would run when a commissioner opens the file. Every cell Gateway writes to
a CSV goes through safe_cell, which puts a ' in front so the spreadsheet shows it as text."""

import csv
import datetime

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|")


def safe_cell(value):
    """The cell as text a spreadsheet will not run: None is empty, dates are ISO 8601,
    anything starting like a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        text = value.isoformat(timespec="minutes")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename, headers, rows):
    """A CSV download of headers and rows, every cell neutralised. filename must hold no
    personal data (it is shown in the browser and kept in download histories)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response
