"""A figure's cell in words, for the national page: counts with thousands separated, a
percentage to one decimal place (its heading says it is one), "–" for nothing to measure, and
the suppression labels as they are."""

NO_VALUE = "–"


def cell(value):
    if value is None:
        return NO_VALUE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
