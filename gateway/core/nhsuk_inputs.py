"""The NHS.UK input and select, in Python (ADR 0065): the fields of every list's search and
filter form (a name, an NHS number, the filters' choices; the date input, in
``nhsuk_date_input``, is three of these inputs).

In the package's Jinja one date input is a macro call and an include that imports five other
templates, three inputs that each import four, three labels through the heading template, a
fieldset, a legend, a hint and some sixty ``set``s and ``default``s: about a third of what a
list page spent rendering (issue 17). These functions write the same HTML, character for
character, for the parameters Gateway's forms pass (``gateway.core.forms.field_params``) and
everything else the package's templates accept except the parts below; for those they return
None and the package's template writes the field, unchanged:

- an input or select with a prefix, a suffix, an input wrapper or HTML before or after it;
- a date input without its own ``items``, with ``day``/``month``/``year`` parameters, a
  ``namePrefix``, HTML before or after its inputs, or an item with a prefix or suffix;
- a label or legend that is more than plain text (a heading, a caption, a size, hidden text:
  see ``nhsuk_components.label``).

``gateway/core/tests/test_nhsuk_inputs.py`` renders the package's templates and these over
every kind of parameter and compares the strings, so an upgrade of nhsuk-frontend-jinja that
changes either template fails there: port the change or delete the copy."""

from jinja2.filters import do_indent
from markupsafe import Markup, escape

from .jinja_values import (
    UNSET,
    concat,
    default,
    get,
    or_none,
    out,
    text_or_html,
    truthy,
)
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_components import label as plain_label
from .nhsuk_components import select_options

WIDTHS = ["2", "3", "4", "4", "5", "10", "20", "30"]
WIDTH_CLASSES = [f"nhsuk-input--width-{width}" for width in ("2", "3", "4", "5", "10", "20", "30")]


def attributes_of(value):
    return "" if value is UNSET or value is None else nhsuk_attributes(value)


def jinja_trim(value):
    """Jinja's ``trim`` (a safe string stays safe)."""
    return value.strip() if isinstance(value, str) else str(value).strip()


def trim_indent(html, width, first=False):
    """``html | trim | indent(width)`` on HTML already written (safe), as plain text: the
    functions here join plain text and mark the whole safe once (a safe string added to a
    plain one would escape it)."""
    return do_indent(str(html).strip(), width, first)


def optional(value):
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
        body = "\n  " + str(escape(do_indent(jinja_trim(text), 2))) + "\n"
    else:
        body = ""
    opened = f"<div {_with_id(names, get(params, 'id'))}{attributes_of(get(params, 'attributes'))}>"
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
    opened = (
        f"<span {_with_id(names, get(params, 'id'))}{attributes_of(get(params, 'attributes'))}>"
    )
    if hidden:
        body = f'\n  \n  <span class="nhsuk-u-visually-hidden">{escape(hidden)}: </span>{inner}'
    else:
        body = f"\n  \n  {inner}"
    return Markup(opened + body + "\n  \n</span>")  # noqa: S704 - every value escaped


def hint_part(hint_params, element_id, described_by):
    """What a field writes for its hint (nothing without text or HTML), and ``described_by``
    with the hint's id, as the input, select and date input templates do."""
    if not (truthy(get(hint_params, "text")) or truthy(get(hint_params, "html"))):
        return [], described_by
    hint_id = default(get(hint_params, "id"), concat(element_id, "-hint"))
    written = hint(
        {
            "html": get(hint_params, "html"),
            "text": get(hint_params, "text"),
            "id": default(get(hint_params, "id"), hint_id),
            "classes": get(hint_params, "classes"),
            "attributes": get(hint_params, "attributes"),
        }
    )
    return ["\n  \n  \n  ", do_indent(written, 2), "\n"], jinja_trim(
        concat(described_by, " ", hint_id)
    )


def error_part(error_params, element_id, described_by, *, classes=True):
    """What a field writes for its error message (nothing without text or HTML), and
    ``described_by`` with its id. ``classes`` False: the message's classes are dropped, as
    the select's template drops them."""
    if not (truthy(get(error_params, "text")) or truthy(get(error_params, "html"))):
        return [], described_by
    error_id = default(get(error_params, "id"), concat(element_id, "-error"))
    written = error_message(
        {
            "html": get(error_params, "html"),
            "text": get(error_params, "text"),
            "visuallyHiddenText": get(error_params, "visuallyHiddenText"),
            "id": default(get(error_params, "id"), error_id),
            "classes": get(error_params, "classes") if classes else UNSET,
            "attributes": get(error_params, "attributes"),
        }
    )
    return ["\n  \n  \n  ", do_indent(written, 2), "\n"], jinja_trim(
        concat(described_by, " ", error_id)
    )


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
    return _field(params, _input_classes, _input_element)


def nhsuk_select(params):
    """The package's select, or None where its template must write it (see the module)."""
    return _field(params, _select_classes, _select_element, error_classes=False)


def _select_classes(params, error):
    classes, names, spacing = get(params, "classes"), "nhsuk-select", ""
    if error:
        names, spacing = concat(names, " nhsuk-select--error"), "\n  \n  \n"
    if truthy(classes):
        names, spacing = concat(names, " ", classes), spacing + "\n  \n"
    return names, spacing


def _select_element(params, classes, element_id, described_by):
    disabled = " disabled" if truthy(get(params, "disabled")) else ""
    described = f' aria-describedby="{out(described_by)}"' if described_by else ""
    return (
        f'<select class="{out(classes)}" id="{out(element_id)}" name="{out(get(params, "name"))}"'
        f"{disabled}{described}{attributes_of(get(params, 'attributes'))}>\n  "
        f"{select_options(params)}\n  </select>"
    )


def _field(params, element_classes, element, *, error_classes=True):
    """The form group the input and select templates share: label, hint, error message and
    the element. ``error_classes`` False: the select's template drops the error message's
    classes (it passes them under an undefined key)."""
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
    classes, spacing = element_classes(params, has_error)
    form_group = get(params, "formGroup")
    group_classes = "nhsuk-form-group"
    if has_error:
        group_classes = concat(group_classes, " nhsuk-form-group--error")
    if truthy(get(form_group, "classes")):
        group_classes = concat(group_classes, " ", get(form_group, "classes"))
        spacing += "\n  \n"
    described_by = get(params, "describedBy")
    described_by = described_by if truthy(described_by) else ""
    html = [
        "\n\n\n",
        spacing,
        "\n",
        f'<div class="{out(group_classes)}"{attributes_of(get(form_group, "attributes"))}>\n  ',
        trim_indent(written_label, 2),
        "\n",
    ]
    part, described_by = hint_part(hint_params, element_id, described_by)
    html += part
    html.append("\n")
    part, described_by = error_part(error_params, element_id, described_by, classes=error_classes)
    html += part
    html += ["\n  ", element(params, classes, element_id, described_by), "\n\n</div>"]
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
        "value": optional(get(params, "value")),
        "disabled": optional(get(params, "disabled")),
        "aria-describedby": {"value": described_by or False, "optional": True},
    }
    for name in ("autocomplete", "autocapitalize", "pattern", "placeholder", "inputmode"):
        attributes[name] = optional(get(params, name))
    return f"<input{nhsuk_attributes(attributes)}{attributes_of(get(params, 'attributes'))}>"
