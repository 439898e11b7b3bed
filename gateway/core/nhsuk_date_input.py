"""The NHS.UK date input, in Python (ADR 0065): the from and to dates of every list's filter
form, three inputs each (``nhsuk_inputs``), in a fieldset with a legend and a hint. The same
HTML as the package's template, character for character; None where the package's template
must write it (see ``nhsuk_inputs``). Tested in ``gateway/core/tests/test_nhsuk_inputs.py``."""

from collections.abc import Mapping

from jinja2.filters import do_capitalize, do_indent
from markupsafe import Markup, escape

from .jinja_values import UNSET, concat, default, defined, get, or_none, out, text_or_html, truthy
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_inputs import (
    attributes_of,
    error_part,
    hint_part,
    jinja_trim,
    nhsuk_input,
    optional,
    trim_indent,
)


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
        {"class": {"value": names, "optional": True}, "id": optional(get(params, "id"))}
    )
    return Markup(  # noqa: S704 - every value escaped
        f"<legend{attributes}{attributes_of(get(params, 'attributes'))}>\n\n\n    "
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
    part, described_by = hint_part(hint_params, element_id, described_by)
    inner += part
    inner.append("\n")
    has_error_text = truthy(get(error_params, "text")) or truthy(get(error_params, "html"))
    part, described_by = error_part(error_params, element_id, described_by)
    inner += part
    names = concat("nhsuk-date-input", " ", classes) if truthy(classes) else "nhsuk-date-input"
    shown_id = f' id="{out(element_id)}"' if truthy(element_id) else ""
    attributes = attributes_of(get(params, "attributes"))
    inner.append(f'\n  <div class="{out(names)}"{shown_id}{attributes}>\n    \n    ')
    error_anywhere = has_error_text or error == True  # noqa: E712 - Jinja's == true
    for item in items:
        inner.append("\n      ")
        if item:
            written = _date_item(params, item, any_error, error_anywhere)
            if written is None:
                return None
            inner += [trim_indent(written, 4, True), "\n      "]
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
    opened = f'<div class="{out(group)}"{attributes_of(get(form_group, "attributes"))}>\n'
    if truthy(fieldset):
        written = _fieldset(fieldset, inner.strip(), described_by)
        if written is None:
            return None
        body = "\n  " + trim_indent(written, 2) + "\n"
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
            "id": optional(get(fieldset, "id")),
            "role": optional(default(get(fieldset, "role"), "group")),
            "aria-describedby": {"value": described_by or False, "optional": True},
        }
    )
    opened = f"<fieldset{attributes}{attributes_of(get(fieldset, 'attributes'))}>"
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
    item_classes = jinja_trim(concat("", " ", classes)) if truthy(classes) else ""
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
            "classes": jinja_trim(concat("nhsuk-date-input__input", " ", item_classes)),
            "attributes": get(item, "attributes"),
        }
    )
    if written is None:
        return None
    return f'<div class="nhsuk-date-input__item">\n  {trim_indent(written, 2)}\n</div>'
