"""One way Gateway writes CSV files people download and open in a spreadsheet.

A spreadsheet treats a cell starting with =, +, - or @ as a formula, and tab, carriage
return and | can start one too (CSV or formula injection, OWASP). Someone could type such a
value into a name or a reason and have it run on the computer of whoever opens the export, so
every cell is neutralised here: text starting with one of those characters gets a leading
apostrophe, which spreadsheets show as plain text. Numbers Gateway itself counted stay numbers.
"""

import csv
import datetime
import numbers

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|")


def safe_cell(value):
    """The value as a cell no spreadsheet will run as a formula: None is empty, numbers
    Gateway counted stay numbers, dates are ISO 8601, text starting like a formula gets a
    leading '."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        text = value.isoformat(timespec="minutes")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_rows(writer, rows):
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_response(filename, header, rows):
    """An attachment download of header then rows, every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    write_rows(writer, [header, *rows] if header else rows)
    return response


class _Echo:
    """A file-like object whose write hands back the line, for streaming."""

    def write(self, value):
        return value


def csv_stream(filename, header, rows):
    """Like csv_response, for exports too long to build in memory: rows is an iterable
    consumed while the file is sent."""
    writer = csv.writer(_Echo())

    def lines():
        if header:
            yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
