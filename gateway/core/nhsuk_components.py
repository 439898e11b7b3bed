"""The two loops of NHS.UK components that a list page runs hundreds of times, in Python
(ADR 0058): a select's options and a table's body rows.

A list page's filters hold up to 190 organisations, and the audit trail's table 25 rows of 6
cells; in the package's Jinja each option and each cell is a macro call, a dozen ``set``s and
``default``s, an attributes macro and an ``indent``, which was most of what those pages spent
rendering (issue 17). Gateway's copies of the two component templates
(``gateway/core/jinja2/nhsuk/components/{select,tables}/template.jinja``) call these functions
in the loops' place and keep the rest of the package's template as it is. They write the same
HTML, character for character, as the package's loops do in Gateway's environment:
``gateway/core/tests/test_nhsuk_components.py`` renders both templates over every kind of
option and cell and compares them, so an upgrade that changes the package's loops fails there.

Values are read as Jinja reads ``item.key`` (an attribute, else a key; absent is "undefined",
which is not ``None``) and written as Jinja writes ``{{ value }}``: escaped unless marked safe,
``None`` as "None"."""

from collections.abc import Mapping

from jinja2 import Undefined
from jinja2.filters import do_indent
from markupsafe import Markup, escape

from .jinja_values import UNSET as _UNSET
from .jinja_values import concat as _concat
from .jinja_values import defined as _defined
from .jinja_values import get as _get
from .jinja_values import or_none as _or_none
from .jinja_values import out as _out
from .jinja_values import truthy as _truthy
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_plain import is_plain, is_plain_option, plain_cell, plain_heading, plain_option

# -- select -------------------------------------------------------------------------------


def select_options(params):
    """The ``<option>``s the package's select writes for ``params.items``."""
    items = params.get("items", _UNSET) if isinstance(params, Mapping) else _get(params, "items")
    if items is _UNSET or isinstance(items, Undefined):
        return Markup("")
    chosen = _get(params, "value")
    plain_chosen = _truthy(chosen) and chosen
    html = []
    for item in items:
        if is_plain_option(item):
            html.append(plain_option(item, plain_chosen))
            html.append("</option>\n    \n  ")
        elif _truthy(_get(item, "divider")):
            html.append("\n    <hr>\n  \n  ")
        elif item:
            html.append(general_option(item, chosen))
            html.append("</option>\n    \n  ")
        else:
            html.append("\n  ")
    return Markup("".join(html))  # noqa: S704 - every value escaped in general_option, plain_option


def general_option(item, chosen):
    value, text, selected = _get(item, "value"), _get(item, "text"), _get(item, "selected")
    effective = value if _defined(value) else text
    if _truthy(selected):
        is_selected = True
    elif _truthy(chosen):
        is_selected = effective == chosen and selected != False  # noqa: E712 - Jinja's != false
    else:
        is_selected = False
    return "".join(
        (
            "\n    <option",
            f' value="{escape(value)}"' if _defined(value) else "",
            " selected" if is_selected else "",
            " disabled" if _truthy(_get(item, "disabled")) else "",
            _attributes(_get(item, "attributes")),
            ">",
            _out(text),
        )
    )


def _attributes(attributes):
    return "" if attributes is _UNSET or attributes is None else nhsuk_attributes(attributes)


# -- table --------------------------------------------------------------------------------


def table_rows(params, head, rows):
    """The ``<tr>``s of the package's table body for ``rows`` under the columns ``head``."""
    responsive = _truthy(_get(params, "responsive"))
    first_is_header = _truthy(_get(params, "firstCellIsHeader"))
    role = ' role="row"' if responsive else ""
    row_start = f'\n    <tr class="nhsuk-table__row"{role}>\n    '
    headings = {}  # a plain column's heading, written once a table
    html = []
    for row in rows:
        html.append(row_start)
        for index, item in enumerate(row):
            html.append("\n      ")
            if isinstance(item, (str, Mapping)):
                first = index == 0
                if index not in headings:
                    headings[index] = plain_heading(head, index, responsive)
                heading = headings[index]
                if heading is None or not is_plain(item) or (first and first_is_header):
                    column = _column(head, index)
                    cell = general_body_cell(item, column, first, responsive, first_is_header)
                else:
                    cell = plain_cell(item, heading, responsive)
                html.append(do_indent(cell.strip(), 6, True))
                html.append("\n    ")
            html.append("\n    ")
        html.append("\n    </tr>\n  ")
    return Markup("".join(html))  # noqa: S704 - every value escaped in general_body_cell, plain_cell


def _column(head, index):
    try:
        item = head[index]
    except (IndexError, KeyError, TypeError):
        item = _UNSET
    return item if isinstance(item, Mapping) else _from_string(item)


def _from_string(item):
    """The package's "support ... as string": text if a string, html if marked safe."""
    text = item if isinstance(item, str) else _UNSET
    html = item if _defined(item) and hasattr(item, "__html__") else _UNSET
    return {"text": text, "html": html}


def general_body_cell(item, header, first, responsive, first_is_header):
    data = item if isinstance(item, Mapping) else _from_string(item)
    header_cell = first and first_is_header
    data_format, header_format = _get(data, "format"), _get(header, "format")
    align = _get(data, "align")
    if not _defined(align):
        align = "right" if data_format == "string" and header_format == "numeric" else None
        align = _get(header, "align") if align is None else align
    sort_value, own = _get(data, "sortValue"), _or_none(_get(data, "attributes"))
    if _truthy(sort_value) or own is not None:
        sort_value = sort_value if _truthy(sort_value) else False
        attributes = _concat(
            nhsuk_attributes({"data-sort-value": {"value": sort_value, "optional": True}}),
            nhsuk_attributes(own),
        )
    else:
        attributes = None  # the package's two empty attribute strings: nothing
    cell = {
        "text": _get(data, "text"),
        "html": _get(data, "html"),
        "visuallyHiddenText": _get(data, "visuallyHiddenText"),
        "format": data_format if _defined(data_format) else header_format,
        "href": _get(data, "href"),
        "scope": "row" if header_cell else _UNSET,
        "role": ("rowheader" if header_cell else "cell") if responsive else _UNSET,
        "colspan": _get(data, "colspan") if not responsive else _UNSET,
        "rowspan": _get(data, "rowspan"),
        "align": align,
        "width": _get(data, "width"),
        "classes": _get(data, "classes"),
        "attributes": attributes,
        "element": "th" if header_cell else "td",
    }
    return _cell(cell, header, responsive)


def _cell_classes(item, element):
    name = "nhsuk-table__header" if element == "th" else "nhsuk-table__cell"
    classes, names = item["classes"], name
    fmt, align, width = item["format"], item["align"], item["width"]
    if not (_truthy(fmt) or _truthy(align) or _truthy(width) or _truthy(classes)):
        return name
    if fmt == "numeric" and (not _truthy(classes) or _concat(name, "--", fmt) not in classes):
        names = _concat(names, " ", name, "--", fmt)
    aligns = ("nhsuk-u-text-align-left", "nhsuk-u-text-align-centre", "nhsuk-u-text-align-right")
    if (
        _truthy(align)
        and align in ["left", "centre", "right"]
        and (not _truthy(classes) or not any(a in classes for a in aligns))
    ):
        names = _concat(names, " nhsuk-u-text-align-", align)
    if _truthy(width) and (not _truthy(classes) or _concat("nhsuk-u-width-", width) not in classes):
        names = _concat(names, " nhsuk-u-width-", width)
    if _truthy(classes):
        names = _concat(names, " ", classes)
    return names


def _cell(item, header, responsive):
    """The package's ``_tableCell`` macro for a body cell, before its ``trim``."""
    element = item["element"]
    opened = "".join(
        (
            "<",
            element,
            _cell_attributes(item, _cell_classes(item, element)),
            nhsuk_attributes(item["attributes"]),
            ">\n",
        )
    )
    value = _value(item["html"], item["text"], item["visuallyHiddenText"])
    if _truthy(item["href"]):
        inner = f'<a class="nhsuk-link" href="{_out(item["href"])}">{value}</a>'
    else:
        inner = value
    inner = do_indent(inner, 2)
    if responsive and header:
        text = _get(header, "text")
        heading = _value(_get(header, "html"), text, _get(header, "visuallyHiddenText"))
        body = (
            '\n  <span class="nhsuk-table__heading" aria-hidden="true">'
            + do_indent(heading, 2)
            + " </span>"
            + (f"<span>{inner}</span>\n  \n" if _truthy(item["html"]) else inner + "\n  \n")
        )
    else:
        body = "\n  " + inner + "\n"
    return opened + body + "\n</" + element + ">\n"


def _cell_attributes(item, classes):
    """The attributes the package writes for a cell through ``nhsukAttributes``."""
    scope, role = _or_none(item["scope"]), _or_none(item["role"])
    colspan, rowspan = _or_none(item["colspan"]), _or_none(item["rowspan"])
    if type(classes) is str and scope is colspan is rowspan is None and type(role) in (str, NONE):
        # Plain text: escaped, so never a double quote, so double quotes round it.
        role = f' role="{escape(role)}"' if role is not None else ""
        return f' class="{escape(classes)}"{role}'
    return nhsuk_attributes(
        {
            "class": classes,
            "scope": {"value": scope, "optional": True},
            "role": {"value": role, "optional": True},
            "colspan": {"value": colspan, "optional": True},
            "rowspan": {"value": rowspan, "optional": True},
        }
    )


NONE = type(None)


def _value(html, text, hidden):
    """The package's ``_tableValue`` macro, trimmed as every caller trims it."""
    parts = []
    if _truthy(html) or _truthy(text):
        if _truthy(hidden):
            hidden = _concat(" ", hidden)
        parts.append(Markup(html) if _truthy(html) else escape(text))  # noqa: S704 - the package's `safe`
    if _truthy(hidden):
        parts.append(f'<span class="nhsuk-u-visually-hidden">{escape(hidden)}</span>')
    return "".join(parts).strip()


# -- tag ----------------------------------------------------------------------------------

_COLOURS = ["white", "grey", "green", "aqua-green", "blue", "purple", "pink", "red", "orange"]
_COLOURS.append("yellow")


def tag(params):
    """The package's tag, called without ``{% call %}`` (a list page writes one a row)."""
    classes, colour, names = _get(params, "classes"), _get(params, "colour"), "nhsuk-tag"
    spacing = ""  # each ``{% set %}`` the template runs inside an ``if`` leaves "\n  \n"
    no_classes = not _truthy(classes)
    if (
        _truthy(colour)
        and colour in _COLOURS
        and (no_classes or not any("nhsuk-tag--" + c in classes for c in _COLOURS))
    ):
        names, spacing = _concat(names, " nhsuk-tag--", colour), spacing + "\n  \n"
    if colour is False and (no_classes or "nhsuk-tag--no-colour" not in classes):
        names, spacing = _concat(names, " nhsuk-tag--no-colour"), spacing + "\n  \n"
    if _get(params, "border") is False and (no_classes or "nhsuk-tag--no-border" not in classes):
        names, spacing = _concat(names, " nhsuk-tag--no-border"), spacing + "\n  \n"
    if not no_classes:
        names, spacing = _concat(names, " ", classes), spacing + "\n  \n"
    tag_id, html, text = _get(params, "id"), _get(params, "html"), _get(params, "text")
    if _truthy(html):
        html = Markup(html).strip()  # noqa: S704 - the package's own `safe`
        content = "\n  " + do_indent(html, 2) + "\n"
    elif _truthy(text):
        trimmed = text.strip() if isinstance(text, str) else str(text).strip()
        content = "\n  " + escape(do_indent(trimmed, 2)) + "\n"
    else:
        content = ""
    return Markup(  # noqa: S704 - every value escaped
        "".join(
            (
                spacing,
                f'<strong class="{escape(names)}"',
                f' id="{escape(tag_id)}"' if _truthy(tag_id) else "",
                _attributes(_get(params, "attributes")),
                ">\n",
                content,
                "\n</strong>",
            )
        )
    )


# -- label --------------------------------------------------------------------------------


def label(params):
    """The package's label when it is a plain ``<label>``: no heading, caption, size, id or
    visually hidden text (the label of every input and select a filter form has). None
    otherwise, and the package's template writes it."""
    for name in ("heading", "isPageHeading", "caption", "size", "visuallyHiddenText", "id"):
        if _truthy(_get(params, name)):
            return None
    html, text = _get(params, "html"), _get(params, "text")
    if not (_truthy(html) or _truthy(text)):
        return Markup("\n\n")
    classes = _get(params, "classes")
    names = _concat("nhsuk-label", " ", classes) if _truthy(classes) else "nhsuk-label"
    attributes = _concat(
        nhsuk_attributes({"for": {"value": _or_none(_get(params, "for")), "optional": True}}),
        _attributes(_get(params, "attributes")),
    )
    inner = Markup(html) if _truthy(html) else escape(text)  # noqa: S704 - the package's `safe`
    return Markup(  # noqa: S704 - every value escaped
        "".join(
            (
                "\n\n<label",
                nhsuk_attributes({"class": names}),
                nhsuk_attributes(attributes),
                ">\n\n\n    ",
                do_indent(inner.strip(), 2),
                "\n  \n\n\n</label>\n\n\n",
            )
        )
    )
