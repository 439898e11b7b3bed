"""Reading and writing values as Jinja does, for the NHS.UK components written in Python
(ADRs 0058 and 0065): ``item.key`` is an attribute, else an item, else "undefined" (which is
not ``None``); ``{{ value }}`` escapes unless the value is marked safe; ``~`` joins parts and
is safe if any part is."""

from collections.abc import Mapping

from jinja2 import Undefined
from jinja2.runtime import markup_join
from markupsafe import Markup, escape

UNSET = object()  # Jinja's undefined: a key or attribute that is not there


def get(obj, name):
    """``obj.name`` as Jinja reads it: the attribute, else the item, else undefined."""
    if type(obj) is dict or isinstance(obj, Mapping):
        value = obj.get(name, UNSET)
    else:
        value = getattr(obj, name, UNSET)
        if value is UNSET:
            try:
                value = obj[name]
            except (TypeError, LookupError, AttributeError):
                value = UNSET
    return UNSET if isinstance(value, Undefined) else value


def defined(value):
    return value is not UNSET


def truthy(value):
    return defined(value) and bool(value)


def or_none(value):
    return None if value is UNSET else value


def out(value):
    """What ``{{ value }}`` writes: nothing for undefined, else the value escaped."""
    return Markup("") if value is UNSET else escape(value)


def concat(*parts):
    """Jinja's ``~`` with autoescape: safe if any part is safe (the others escaped)."""
    return markup_join(["" if part is UNSET else part for part in parts])


def default(value, fallback):
    """Jinja's ``value | default(fallback)``: the fallback only for undefined."""
    return fallback if value is UNSET else value


def is_escaped(value):
    """Jinja's ``is escaped``: marked safe."""
    return defined(value) and hasattr(value, "__html__")


def text_or_html(value):
    """The package's "support ... as string" for a label, hint or error message: the mapping
    as it is, else ``{"text": a string, "html": a safe string}``."""
    if isinstance(value, Mapping):
        return value
    return {
        "text": value if isinstance(value, str) else UNSET,
        "html": value if is_escaped(value) else UNSET,
    }
