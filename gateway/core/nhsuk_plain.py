"""The cells and options most list pages write, in Python without the general path's
questions (ADR 0065, update of session 12): a table cell of text, perhaps a link, under a
column headed by text, and a select's option of a string value and text. The general code in
``nhsuk_components.py`` (``general_body_cell``/``_cell``, ``general_option``) writes every
other kind; for these both write the same HTML, character for character, and
``gateway/core/tests/test_nhsuk_components.py`` compares them with each other and with the
package's templates."""

from jinja2.filters import do_indent
from markupsafe import escape

# A plain cell: most of a list's cells are {"text": a string} or {"text": ..., "href": ...}
# under a column headed {"text": a string}. plain_cell writes what general_body_cell and _cell write
# for them without building the cell's parameters or asking what it does not have
# (test_nhsuk_components.py compares the two and both with the package).

_PLAIN_KEYS = frozenset(("text", "href"))


def is_plain(item):
    """A cell of text (a str, not marked safe) and perhaps a link (a str, not marked safe)."""
    if (
        type(item) is not dict
        or not item.keys() <= _PLAIN_KEYS
        or type(item.get("text")) is not str
    ):
        return False
    href = item.get("href")
    return href is None or type(href) is str


def plain_heading(head, index, responsive):
    """The heading a plain column's cells write before their value ("" for none), or None
    when the column is not plain (then general_body_cell writes its cells)."""
    try:
        header = head[index]
    except (IndexError, KeyError, TypeError):
        return None
    if type(header) is not dict or not header.keys() <= {"text"}:
        return None
    text = header.get("text", "")
    if type(text) is not str:
        return None
    if not (responsive and header):
        return ""
    heading = str(escape(text)).strip() if text else ""
    return (
        '\n  <span class="nhsuk-table__heading" aria-hidden="true">'
        + do_indent(heading, 2)
        + " </span>"
    )


def plain_cell(item, heading, responsive):
    """_cell's output for an is_plain item under a column whose plain_heading is ``heading``."""
    text, href = item["text"], item.get("href")
    value = str(escape(text)).strip() if text else ""
    if href:
        value = f'<a class="nhsuk-link" href="{escape(href)}">{value}</a>'
    inner = do_indent(value, 2)
    body = heading + inner + "\n  \n" if heading else "\n  " + inner + "\n"
    opened = (
        '<td class="nhsuk-table__cell" role="cell">\n'
        if responsive
        else '<td class="nhsuk-table__cell">\n'
    )
    return opened + body + "\n</td>\n"


_PLAIN_OPTION_KEYS = frozenset(("value", "text", "selected"))


def is_plain_option(item):
    """An option of a str value and text (not marked safe), selected True, False or not said:
    what a form's select writes (gateway.core.forms.field_params)."""
    return (
        type(item) is dict
        and item.keys() <= _PLAIN_OPTION_KEYS
        and type(item.get("value")) is str
        and type(item.get("text")) is str
        and type(item.get("selected", False)) is bool
    )


def plain_option(item, chosen):
    """What ``general_option`` writes for an is_plain_option item (before its ``</option>``);
    ``chosen``: the select's value when truthy, else False."""
    value, selected = item["value"], item.get("selected")
    if selected is True or (chosen is not False and value == chosen and selected is not False):
        attribute = " selected"
    else:
        attribute = ""
    return f'\n    <option value="{escape(value)}"{attribute}>{escape(item["text"])}'
