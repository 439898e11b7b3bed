"""Insight figures as files people download: one Table as CSV (written by core's csv_export, the
only CSV writer), or every table of a page as one XLSX workbook with a sheet saying what the
period is and a sheet of definitions. Every cell of both goes through core's safe_cell, so no
spreadsheet runs a cell as a formula; the workbook also writes text only as text (never a
formula or a link), whatever it starts with.

Generic over Sections: the national view, a commissioner's dashboard and the yearly return are
all lists of Sections (gateway/insight/figures.py)."""

import io
import re

import xlsxwriter
from django.utils import timezone

from gateway.core.csv_export import FORMULA_STARTS, csv_response, safe_cell
from gateway.core.formats import long_date

from .figures import PERCENT, Definition, Table

FIGURES = Definition(
    key="figures",
    title="Figures",
    meaning="Every single figure of the page: the section it is in, its value and unit, and "
    "for a percentage how many of how many it is.",
)
UNITS = {"count": "number", "percent": "percentage", "days": "days"}
SHEET_NAME_LENGTH = 31  # Excel's limit
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")


def figures_table(sections):
    """Every figure of the sections as one table (sections' own tables aside)."""
    rows = []
    for section in sections:
        for figure in section.figures:
            detail = (
                f"{figure.numerator} of {figure.denominator}"
                if figure.unit == PERCENT and figure.denominator
                else None
            )
            unit = UNITS.get(figure.unit, figure.unit)
            rows.append([section.title, figure.definition.title, figure.value, unit, detail])
    return Table(FIGURES, ["Section", "Figure", "Value", "Unit", "Worked out from"], rows)


def tables_of(sections):
    """The figures as one table when there are any (the first download: every figure of the
    page), then every table the sections hold (charts' tables included), each once by its
    definition's key."""
    found = {}
    figures = figures_table(sections)
    if figures.rows:
        found[FIGURES.key] = figures
    for section in sections:
        for table in [*section.tables, *(chart.table for chart in section.charts)]:
            found.setdefault(table.definition.key, table)
    return list(found.values())


def definitions_in(sections):
    """Every definition the sections use, each once, in the order they appear."""
    found = {}
    for section in sections:
        for item in [*section.figures, *section.tables, *section.charts]:
            found.setdefault(item.definition.key, item.definition)
    return list(found.values())


def period_words(period):
    return f"{period.label}: {long_date(period.start)} to {long_date(period.end)}"


def file_stem(name, period):
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug}-{period.start.isoformat()}-to-{period.end.isoformat()}"


def table_csv(table, period, name=None):
    """One table as a CSV download, its key and period in the file name."""
    filename = f"{file_stem(name or table.definition.key, period)}.csv"
    return csv_response(filename, table.columns, table.rows)


# --- XLSX -----------------------------------------------------------------------------


def sheet_name(title, used):
    """A sheet name Excel accepts (31 characters, none of []:*?/\\'), not used before."""
    # Sheet names are never run, but none starts like a formula either (safe_cell's rule).
    cleaned = NOT_IN_SHEET_NAMES.sub("", title).strip().lstrip("".join(FORMULA_STARTS))
    base = cleaned.strip()[:SHEET_NAME_LENGTH].strip() or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def write_row(sheet, row_number, cells, style=None):
    for column, value in enumerate(cells):
        cell = safe_cell(value)
        if isinstance(cell, (int, float)):
            sheet.write_number(row_number, column, cell, style)
        elif cell != "":
            sheet.write_string(row_number, column, cell, style)


def workbook(title, period, sections, definitions=None, notes=()):
    """Every table of the sections as an XLSX workbook (bytes): an "About" sheet with the title
    and the period, a sheet per table, and a "Definitions" sheet."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    bold = book.add_format({"bold": True})
    used = set()
    about = book.add_worksheet(sheet_name("About", used))
    about.set_column(0, 0, 24)
    about.set_column(1, 1, 80)
    lines = [
        ["Title", title],
        ["Period", period_words(period)],
        ["From", period.start],
        ["To", period.end],
        ["Made", timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        *(["Note", note] for note in notes),
    ]
    for number, line in enumerate(lines):
        write_row(about, number, line, bold if number == 0 else None)
    for table in tables_of(sections):
        sheet = book.add_worksheet(sheet_name(table.definition.title, used))
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(table.columns), 18)
        write_row(sheet, 0, [table.definition.title], bold)
        write_row(sheet, 1, [table.definition.meaning])
        write_row(sheet, 3, table.columns, bold)
        for number, row in enumerate(table.rows, start=4):
            write_row(sheet, number, row)
    sheet = book.add_worksheet(sheet_name("Definitions", used))
    sheet.set_column(0, 1, 36)
    sheet.set_column(2, 3, 80)
    write_row(sheet, 0, ["Key", "Figure", "What it counts", "Rule or source"], bold)
    every = definitions if definitions is not None else definitions_in(sections)
    for number, definition in enumerate(every, start=1):
        write_row(
            sheet,
            number,
            [definition.key, definition.title, definition.meaning, definition.source],
        )
    book.close()
    return output.getvalue()
