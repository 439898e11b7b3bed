"""The NHS.UK input and date input, in Python (ADR 0065): the fields of every list's search and
filter form (a name, an NHS number, a from and a to date of three inputs each).

In the package's Jinja one date input is a macro call and an include that imports five other
templates, three inputs that each import four, three labels through the heading template, a
fieldset, a legend, a hint and some sixty ``set``s and ``default``s: about a third of what a
list page spent rendering (issue 17). These functions write the same HTML, character for
character, for the parameters Gateway's forms pass (``gateway.core.forms.field_params``) and
everything else the package's templates accept except the parts below; for those they return
None and the package's template writes the field, unchanged:

- an input with a prefix, a suffix, an input wrapper or HTML before or after it;
- a date input without its own ``items``, with ``day``/``month``/``year`` parameters, a
  ``namePrefix``, HTML before or after its inputs, or an item with a prefix or suffix;
- a label or legend that is more than plain text (a heading, a caption, a size, hidden text:
  see ``nhsuk_components.label``).

``gateway/core/tests/test_nhsuk_inputs.py`` renders the package's templates and these over
every kind of parameter and compares the strings, so an upgrade of nhsuk-frontend-jinja that
changes either template fails there: port the change or delete the copy."""

from collections.abc import Mapping

from jinja2.filters import do_capitalize, do_indent
from markupsafe import Markup, escape

from .jinja_values import (
    UNSET,
    concat,
    default,
    defined,
    get,
    or_none,
    out,
    text_or_html,
    truthy,
)
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_components import label as plain_label

WIDTHS = ["2", "3", "4", "4", "5", "10", "20", "30"]
WIDTH_CLASSES = [f"nhsuk-input--width-{width}" for width in ("2", "3", "4", "5", "10", "20", "30")]


def _attributes(value):
    return "" if value is UNSET or value is None else nhsuk_attributes(value)


def _strip(value):
    """Jinja's ``trim`` (a safe string stays safe)."""
    return value.strip() if isinstance(value, str) else str(value).strip()


def _trim_indent(html, width, first=False):
    """``html | trim | indent(width)`` on HTML already written (safe), as plain text: the
    functions here join plain text and mark the whole safe once (a safe string added to a
    plain one would escape it)."""
    return do_indent(str(html).strip(), width, first)


def _optional(value):
    return {"value": or_none(value), "optional": True}


def _with_id(classes, element_id):
    """``class="..."`` and, when there is one, `` id="..."``, as the hint writes them."""
    return f'class="{out(classes)}"' + (f' id="{out(element_id)}"' if truthy(element_id) else "")


# -- hint and error message -------------------------------------------------------------


def hint(params):
    """The package's hint, not called with ``{% call %}``, trimmed as every caller trims it."""
    classes = get(params, "classes")
    names = concat("nhsuk-hint", " ", classes) if truthy(classes) else "nhsuk-hint"
    html, text = get(params, "html"), get(params, "text")
    if truthy(html):
        body = "\n  " + do_indent(str(html).strip(), 2) + "\n"
    elif truthy(text):
        body = "\n  " + str(escape(do_indent(_strip(text), 2))) + "\n"
    else:
        body = ""
    opened = f"<div {_with_id(names, get(params, 'id'))}{_attributes(get(params, 'attributes'))}>"
    return Markup(opened + "\n" + body + "\n</div>")  # noqa: S704 - every value escaped


def error_message(params):
    """The package's error message, not called with ``{% call %}``, trimmed."""
    classes = get(params, "classes")
    names = "nhsuk-error-message"
    if truthy(classes):
        names = concat(names, " ", classes)
    hidden = default(get(params, "visuallyHiddenText"), "Error")
    html, text = get(params, "html"), get(params, "text")
    if truthy(html):
        inner = Markup(html)  # noqa: S704 - the package's own `safe`
    elif truthy(text):
        inner = escape(text)
    else:
        inner = Markup("")
    inner = do_indent(str(inner).strip(), 2)
    opened = f"<span {_with_id(names, get(params, 'id'))}{_attributes(get(params, 'attributes'))}>"
    if hidden:
        body = f'\n  \n  <span class="nhsuk-u-visually-hidden">{escape(hidden)}: </span>{inner}'
    else:
        body = f"\n  \n  {inner}"
    return Markup(opened + body + "\n  \n</span>")  # noqa: S704 - every value escaped


# -- input --------------------------------------------------------------------------------


def _input_classes(params, error):
    classes = get(params, "classes")
    no_classes = not truthy(classes)
    names, spacing = "nhsuk-input", ""
    for option, name in (("large", "nhsuk-input--large"), ("code", "nhsuk-input--code")):
        if truthy(get(params, option)) and (no_classes or name not in classes):
            names = concat(names, " ", name)
            spacing += "\n  \n  \n" if option == "large" else "\n  \n"
    if error:
        names, spacing = concat(names, " nhsuk-input--error"), spacing + "\n  \n  \n"
    width = get(params, "width")
    if (
        truthy(width)
        and str(width) in WIDTHS
        and (no_classes or not any(name in classes for name in WIDTH_CLASSES))
    ):
        names, spacing = concat(names, " nhsuk-input--width-", width), spacing + "\n  \n"
    if not no_classes:
        names, spacing = concat(names, " ", classes), spacing + "\n  \n"
    return names, spacing


def _has_wrapper(params):
    form_group, wrapper = get(params, "formGroup"), get(params, "inputWrapper")
    return (
        truthy(get(params, "prefix"))
        or truthy(get(params, "suffix"))
        or truthy(get(form_group, "beforeInput"))
        or truthy(get(form_group, "afterInput"))
        or truthy(wrapper)
    )


def nhsuk_input(params):
    """The package's input, or None where its template must write it (see the module)."""
    if _has_wrapper(params):
        return None
    element_id = get(params, "id")
    element_id = element_id if truthy(element_id) else get(params, "name")
    label = text_or_html(get(params, "label"))
    written_label = plain_label(
        {
            "html": get(label, "html"),
            "text": get(label, "text"),
            "visuallyHiddenText": get(label, "visuallyHiddenText"),
            "caption": get(label, "caption"),
            "id": get(label, "id"),
            "for": default(get(label, "for"), element_id),
            "size": get(label, "size"),
            "heading": get(label, "heading"),
            "isPageHeading": get(label, "isPageHeading"),
            "classes": get(label, "classes"),
            "attributes": get(label, "attributes"),
        }
    )
    if written_label is None:
        return None
    hint_params, error = text_or_html(get(params, "hint")), get(params, "errorMessage")
    error_params = text_or_html(error)
    has_error = (
        truthy(get(error_params, "text")) or truthy(get(error_params, "html")) or error == True  # noqa: E712 - Jinja's == true
    )
    classes, spacing = _input_classes(params, has_error)
    form_group = get(params, "formGroup")
    group_classes = "nhsuk-form-group"
    if has_error:
        group_classes = concat(group_classes, " nhsuk-form-group--error")
    if truthy(get(form_group, "classes")):
        group_classes, spacing = (
            concat(group_classes, " ", get(form_group, "classes")),
            (spacing + "\n  \n"),
        )
    described_by = get(params, "describedBy")
    described_by = described_by if truthy(described_by) else ""
    html = [
        "\n\n\n",
        spacing,
        "\n",
        f'<div class="{out(group_classes)}"{_attributes(get(form_group, "attributes"))}>\n  ',
        _trim_indent(written_label, 2),
        "\n",
    ]
    if truthy(get(hint_params, "text")) or truthy(get(hint_params, "html")):
        hint_id = default(get(hint_params, "id"), concat(element_id, "-hint"))
        described_by = _strip(concat(described_by, " ", hint_id))
        written = hint(
            {
                "html": get(hint_params, "html"),
                "text": get(hint_params, "text"),
                "id": default(get(hint_params, "id"), hint_id),
                "classes": get(hint_params, "classes"),
                "attributes": get(hint_params, "attributes"),
            }
        )
        html += ["\n  \n  \n  ", do_indent(written, 2), "\n"]
    html.append("\n")
    if truthy(get(error_params, "text")) or truthy(get(error_params, "html")):
        error_id = default(get(error_params, "id"), concat(element_id, "-error"))
        described_by = _strip(concat(described_by, " ", error_id))
        written = error_message(
            {
                "html": get(error_params, "html"),
                "text": get(error_params, "text"),
                "visuallyHiddenText": get(error_params, "visuallyHiddenText"),
                "id": default(get(error_params, "id"), error_id),
                "classes": get(error_params, "classes"),
                "attributes": get(error_params, "attributes"),
            }
        )
        html += ["\n  \n  \n  ", do_indent(written, 2), "\n"]
    html += ["\n  ", _input_element(params, classes, element_id, described_by), "\n\n</div>"]
    return Markup("".join(html))  # noqa: S704 - every value escaped


def _input_element(params, classes, element_id, described_by):
    spellcheck = get(params, "spellcheck")
    spellcheck = str(spellcheck).lower() if spellcheck in (True, False) else False
    kind = get(params, "type")
    attributes = {
        "class": classes,
        "id": or_none(element_id),
        "name": or_none(get(params, "name")),
        "type": kind if truthy(kind) else "text",
        "spellcheck": {"value": spellcheck, "optional": True},
        "value": _optional(get(params, "value")),
        "disabled": _optional(get(params, "disabled")),
        "aria-describedby": {"value": described_by or False, "optional": True},
    }
    for name in ("autocomplete", "autocapitalize", "pattern", "placeholder", "inputmode"):
        attributes[name] = _optional(get(params, name))
    return f"<input{nhsuk_attributes(attributes)}{_attributes(get(params, 'attributes'))}>"


# -- date input ---------------------------------------------------------------------------


def legend(params):
    """The package's legend when it is plain text (no heading, caption, size or hidden text),
    trimmed; None otherwise."""
    for name in ("heading", "isPageHeading", "caption", "size", "visuallyHiddenText"):
        if truthy(get(params, name)):
            return None
    params = text_or_html(params)
    html, text = get(params, "html"), get(params, "text")
    if not (truthy(html) or truthy(text)):
        return Markup("")
    classes = get(params, "classes")
    names = "nhsuk-fieldset__legend"
    if truthy(classes):
        names = concat(names, " ", classes)
    inner = Markup(html) if truthy(html) else escape(text)  # noqa: S704 - the package's `safe`
    attributes = nhsuk_attributes(
        {"class": {"value": names, "optional": True}, "id": _optional(get(params, "id"))}
    )
    return Markup(  # noqa: S704 - every value escaped
        f"<legend{attributes}{_attributes(get(params, 'attributes'))}>\n\n\n    "
        + do_indent(str(inner).strip(), 2)
        + "\n  \n\n\n</legend>"
    )


def _unsupported_date_input(params, items):
    form_group = get(params, "formGroup")
    return (
        not isinstance(items, (list, tuple))
        or not items
        or any(defined(get(params, name)) for name in ("day", "month", "year", "namePrefix"))
        or truthy(get(form_group, "beforeInputs"))
        or truthy(get(form_group, "afterInputs"))
        or any(truthy(get(item, "prefix")) or truthy(get(item, "suffix")) for item in items)
    )


def _item_has_error(item):
    classes = get(item, "classes")
    return truthy(get(item, "error")) or (truthy(classes) and "nhsuk-input--error" in classes)


def date_input(params):
    """The package's date input, or None where its template must write it (see the module)."""
    items = params.get("items", UNSET) if isinstance(params, Mapping) else get(params, "items")
    if _unsupported_date_input(params, items):
        return None
    element_id, classes = get(params, "id"), get(params, "classes")
    hint_params, error = text_or_html(get(params, "hint")), get(params, "errorMessage")
    error_params = text_or_html(error)
    fieldset, form_group = get(params, "fieldset"), get(params, "formGroup")
    any_error = any(_item_has_error(item) for item in items)
    described_by = get(fieldset, "describedBy")
    described_by = described_by if truthy(described_by) else ""
    inner = ["\n"]
    if truthy(get(hint_params, "text")) or truthy(get(hint_params, "html")):
        hint_id = default(get(hint_params, "id"), concat(element_id, "-hint"))
        described_by = _strip(concat(described_by, " ", hint_id))
        written = hint(
            {
                "html": get(hint_params, "html"),
                "text": get(hint_params, "text"),
                "id": default(get(hint_params, "id"), hint_id),
                "classes": get(hint_params, "classes"),
                "attributes": get(hint_params, "attributes"),
            }
        )
        inner += ["\n  \n  \n  ", do_indent(written, 2), "\n"]
    inner.append("\n")
    has_error_text = truthy(get(error_params, "text")) or truthy(get(error_params, "html"))
    if has_error_text:
        error_id = default(get(error_params, "id"), concat(element_id, "-error"))
        described_by = _strip(concat(described_by, " ", error_id))
        written = error_message(
            {
                "html": get(error_params, "html"),
                "text": get(error_params, "text"),
                "visuallyHiddenText": get(error_params, "visuallyHiddenText"),
                "id": default(get(error_params, "id"), error_id),
                "classes": get(error_params, "classes"),
                "attributes": get(error_params, "attributes"),
            }
        )
        inner += ["\n  \n  \n  ", do_indent(written, 2), "\n"]
    names = concat("nhsuk-date-input", " ", classes) if truthy(classes) else "nhsuk-date-input"
    shown_id = f' id="{out(element_id)}"' if truthy(element_id) else ""
    attributes = _attributes(get(params, "attributes"))
    inner.append(f'\n  <div class="{out(names)}"{shown_id}{attributes}>\n    \n    ')
    error_anywhere = has_error_text or error == True  # noqa: E712 - Jinja's == true
    for item in items:
        inner.append("\n      ")
        if item:
            written = _date_item(params, item, any_error, error_anywhere)
            if written is None:
                return None
            inner += [_trim_indent(written, 4, True), "\n      "]
        inner.append("\n    ")
    inner.append("\n    \n  </div>\n")
    inner = "".join(inner)
    spacing = "\n\n\n\n" + ("\n  \n" if truthy(classes) else "") + "\n\n  \n\n"
    spacing += "\n  \n" * len(items)
    group = "nhsuk-form-group"
    if error_anywhere or any_error:
        group, spacing = concat(group, " nhsuk-form-group--error"), spacing + "\n  \n"
    if truthy(get(form_group, "classes")):
        group, spacing = concat(group, " ", get(form_group, "classes")), spacing + "\n  \n"
    opened = f'<div class="{out(group)}"{_attributes(get(form_group, "attributes"))}>\n'
    if truthy(fieldset):
        written = _fieldset(fieldset, inner.strip(), described_by)
        if written is None:
            return None
        body = "\n  " + _trim_indent(written, 2) + "\n"
    else:
        body = "\n  " + inner.strip() + "\n"
    return Markup(spacing + opened + body + "\n</div>")  # noqa: S704 - every value escaped


def _fieldset(fieldset, html, described_by):
    """The package's fieldset around the date input's parts, trimmed; None for a legend the
    package must write."""
    written = legend(get(fieldset, "legend"))
    if written is None:
        return None
    classes = get(fieldset, "classes")
    names = concat("nhsuk-fieldset", " ", classes) if truthy(classes) else "nhsuk-fieldset"
    attributes = nhsuk_attributes(
        {
            "class": names,
            "id": _optional(get(fieldset, "id")),
            "role": _optional(default(get(fieldset, "role"), "group")),
            "aria-describedby": {"value": described_by or False, "optional": True},
        }
    )
    opened = f"<fieldset{attributes}{_attributes(get(fieldset, 'attributes'))}>"
    body = "\n  " + do_indent(str(written), 2) + "\n" if written else "\n  \n"
    if html:
        body += "\n  " + html + "\n"
    return Markup(opened + body + "\n</fieldset>")  # noqa: S704 - every value escaped


def _date_item(params, item, any_error, error_anywhere):
    """One part of a date (day, month or year): its input in a div."""
    label = text_or_html(get(item, "label"))
    name, value = get(item, "name"), get(item, "value")
    width = default(get(item, "width"), 2)
    classes = get(item, "classes")
    item_classes = _strip(concat("", " ", classes)) if truthy(classes) else ""
    has_error = _item_has_error(item)
    values = params.get("values", UNSET) if isinstance(params, Mapping) else UNSET
    if truthy(name) and name in ["day", "day"]:
        name, value = default(name, "day"), default(value, get(values, "day"))
    elif truthy(name) and name in ["month", "month"]:
        name, value = default(name, "month"), default(value, get(values, "month"))
    elif truthy(name) and name in ["year", "year"]:
        name, value = default(name, "year"), default(value, get(values, "year"))
        width = default(get(item, "width"), 4)
    label_classes = get(label, "classes")
    item_error = (not truthy(classes) or "nhsuk-input--error" not in item_classes) and (
        has_error or (get(item, "error") != False and error_anywhere and not any_error)  # noqa: E712
    )
    item_id = get(item, "id")
    part_id = concat(get(params, "id"), "-", name)
    written = nhsuk_input(
        {
            "label": {
                "html": get(label, "html"),
                "text": default(get(label, "text"), do_capitalize("" if name is UNSET else name)),
                "visuallyHiddenText": get(label, "visuallyHiddenText"),
                "id": get(label, "id"),
                "for": get(label, "for"),
                "classes": concat(
                    "nhsuk-date-input__label",
                    concat(" ", label_classes) if truthy(label_classes) else UNSET,
                ),
                "attributes": get(label, "attributes"),
            },
            "errorMessage": bool(item_error),
            "id": item_id if truthy(item_id) else part_id,
            "name": name,
            "value": default(value, get(values, or_none(name))),
            "type": get(item, "type") if truthy(get(item, "type")) else "text",
            "width": width,
            "inputmode": get(item, "inputmode") if truthy(get(item, "inputmode")) else "numeric",
            "spellcheck": get(item, "spellcheck"),
            "autocomplete": get(item, "autocomplete"),
            "autocapitalize": get(item, "autocapitalize"),
            "pattern": get(item, "pattern"),
            "disabled": default(get(item, "disabled"), get(params, "disabled")),
            "describedBy": get(item, "describedBy"),
            "classes": _strip(concat("nhsuk-date-input__input", " ", item_classes)),
            "attributes": get(item, "attributes"),
        }
    )
    if written is None:
        return None
    return f'<div class="nhsuk-date-input__item">\n  {_trim_indent(written, 2)}\n</div>'
