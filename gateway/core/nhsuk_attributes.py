"""The NHS.UK frontend's ``nhsukAttributes`` macro in Python (ADR 0057).

Every NHS.UK component writes its HTML attributes through that macro, four times for each
cell of a table and once for each option of a select. In Jinja it is a loop of ``set`` and
``format`` that cost more than anything else a page of 25 rows does (issue 17). This function
gives the same attributes, in the same order, with the same escaping and the same quotes; it
leaves out only the line breaks and indents the macro wrote between them inside the tag,
which HTML ignores. ``gateway/core/jinja2/nhsuk/macros/attributes.jinja`` puts it in the
macro's place, ahead of the package's template. ``gateway/core/tests/test_nhsuk_attributes.py``
checks it against the package's own macro, so an upgrade that changes the macro fails there."""

import json
from collections.abc import Mapping

from jinja2 import Undefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

# Jinja's "undefined": a value the macro never set. It is not none, not true, not a boolean.
_UNSET = object()


def _is_iterable(value):
    try:
        iter(value)
    except TypeError:
        return False
    return True


def _value_and_escaped(options):
    raw = options.get("value", _UNSET)
    if raw is _UNSET or raw is None or isinstance(raw, Undefined):
        return None, ""
    if hasattr(raw, "__html__"):  # marked safe: used as it is
        return getattr(raw, "val", _UNSET), raw
    if options.get("type") == "array" and _is_iterable(raw):
        return _UNSET, htmlsafe_json_dumps(raw, dumps=json.dumps, sort_keys=True)
    return raw, escape(raw)


def nhsuk_attributes(attributes=None):
    """`` name="value"`` for each attribute, as the macro writes them."""
    if isinstance(attributes, str):
        # Passed whole, unescaped, as the macro does (a string of attributes a template wrote).
        return Markup(" " + str(attributes)) if attributes else Markup("")  # noqa: S704
    if not isinstance(attributes, Mapping):
        return Markup("")
    html = []
    for name, item in attributes.items():
        options = item if isinstance(item, Mapping) else {"value": item, "optional": False}
        value, escaped = _value_and_escaped(options)
        optional = options.get("optional") is True
        if optional and value is True:
            html.append(f" {escape(name)}")
        elif not optional or (value is not None and value is not False):
            shown = str(value).lower() if isinstance(value, bool) else escaped
            quote = "'" if '"' in escaped else '"'
            html.append(f" {escape(name)}={quote}{shown}{quote}")
    return Markup("".join(html))  # noqa: S704 - every name and value escaped above
