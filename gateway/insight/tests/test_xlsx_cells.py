"""Every XLSX cell Gateway writes is text or a number it counted, never a formula, however
the text starts (= + - @ tab CR |; formula injection, OWASP; hazard H51). Read back with
openpyxl, as a spreadsheet would open it."""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest

from gateway.core.csv_export import FORMULA_STARTS
from gateway.insight.exports import workbook

HOSTILE = [start + 'HYPERLINK("http://evil.example","x")' for start in FORMULA_STARTS]


@pytest.mark.parametrize("typed", HOSTILE)
def test_a_typed_value_starting_like_a_formula_is_written_as_text(typed):
    period = SimpleNamespace(
        label="2026 to 2027",
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2027, 3, 31),
    )
    content = workbook(typed, period, sections=[], notes=[typed, 7])
    sheet = openpyxl.load_workbook(io.BytesIO(content))["About"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    # As stored: a string ("s"), never a formula ("f"); numbers Gateway counted are "n".
    kinds = {cell.coordinate: cell.data_type for cell in cells}
    assert "f" not in kinds.values()
    # XLSX stores a carriage return as _x000D_.
    values = {
        cell.coordinate: cell.value.replace("_x000D_", "\r")
        if isinstance(cell.value, str)
        else cell.value
        for cell in cells
    }
    assert values["B1"] == "'" + typed
    assert kinds["B1"] == "s"
    assert [values["B6"], values["B7"]] == ["'" + typed, 7]
    assert [kinds["B6"], kinds["B7"]] == ["s", "n"]
