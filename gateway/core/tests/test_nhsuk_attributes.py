"""Gateway's faster ``nhsukAttributes`` and ``indent`` (ADR 0057) write what the NHS.UK
package's own macro and Jinja's own filter write, so a person's page is the same HTML.

The reference is the package's templates in a plain Jinja environment: if an upgrade of
nhsuk-frontend-jinja changes what its macro writes, these tests fail."""

from html.parser import HTMLParser

import pytest
from django.template import engines
from jinja2 import ChainableUndefined, ChoiceLoader, DictLoader, Environment, PackageLoader
from jinja2.filters import do_indent
from markupsafe import Markup

from gateway.core.jinja2 import indent
from gateway.core.nhsuk_attributes import nhsuk_attributes

PACKAGE = Environment(
    loader=PackageLoader("nhsuk_frontend_jinja"), undefined=ChainableUndefined, autoescape=True
)
MACRO = PACKAGE.get_template("nhsuk/macros/attributes.jinja").module.nhsukAttributes

ATTRIBUTES = [
    None,
    "",
    'data-module="x"',
    Markup('aria-label="A &amp; B"'),
    {},
    {"a": 1, "b": None, "c": True, "d": False, "e": "quote \" and <tag> & 'apostrophe'"},
    {"hidden": {"value": True, "optional": True}},
    {"hidden": {"value": False, "optional": True}},
    {"hidden": {"value": None, "optional": True}},
    {"hidden": {"optional": True}},
    {"hidden": {"value": "", "optional": True}},
    {"aria-sort": {"value": "ascending", "optional": True}},
    {"data-list": {"value": ["a", "<b>", "it's"], "type": "array"}},
    {"first": True, "data-list": {"value": ["a"], "type": "array"}},
    {"safe": Markup('a"b')},
    {"safe": Markup("<b>")},
    {"<name>": "value"},
    {"n": 0, "m": 2.5},
    [1, 2],
    5,
]


@pytest.mark.parametrize("attributes", ATTRIBUTES, ids=repr)
def test_attributes_are_the_packages_macro_without_its_whitespace(attributes):
    ours, theirs = nhsuk_attributes(attributes), MACRO(attributes)
    assert isinstance(ours, Markup)
    # The macro writes line breaks and indents first, then the attributes themselves.
    assert ours.lstrip() == theirs.lstrip()
    assert not theirs.lstrip() or ours.startswith(" ")


@pytest.mark.parametrize(
    "text",
    ["", "one line", "<td>\n  <a>x</a>\n\n</td>\n", "a\r\nb\n  c", "&amp;\n<b>"],
)
@pytest.mark.parametrize(
    ("width", "first", "blank"), [(2, False, False), (4, True, True), ("--", True, False)]
)
def test_indent_is_jinjas_indent(text, width, first, blank):
    for value in (text, Markup(text)):
        ours, theirs = indent(value, width, first, blank), do_indent(value, width, first, blank)
        assert ours == theirs
        assert type(ours) is type(theirs)


def package_first(templates):
    """Gateway's environment with the package's own copies of ``templates`` ahead of
    Gateway's, to render both ways and compare (ADRs 0058, 0065)."""
    gateway = engines["jinja2"].env
    package = {name: PACKAGE.loader.get_source(PACKAGE, name)[0] for name in templates}
    return gateway.overlay(loader=ChoiceLoader([DictLoader(package), gateway.loader]))


class TagEvents(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.events = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


COMPONENTS = """
{%- from "nhsuk/components/tables/macro.jinja" import table -%}
{%- from "nhsuk/components/select/macro.jinja" import select -%}
{%- from "nhsuk/components/input/macro.jinja" import input -%}
{%- from "nhsuk/components/date-input/macro.jinja" import dateInput -%}
{%- from "nhsuk/components/tag/macro.jinja" import tag -%}
{{ table({
  "caption": {"text": "Audit entries", "classes": "nhsuk-u-visually-hidden"},
  "responsive": true,
  "head": [{"text": "When"}, {"text": "Who & why"}, {"text": "Record"}],
  "rows": [
    [{"text": "1 May 2026"}, {"html": "<a href='/x'>Ann</a>"}, {"text": "<not html>"}],
    [{"text": "2 May"}, {"text": "Bob", "attributes": {"data-x": "1"}},
     {"html": tag({"text": "Overdue", "classes": "nhsuk-tag--red"})}],
  ],
}) }}
{{ select({"id": "org", "name": "org", "label": {"text": "Organisation"},
  "items": [{"value": "", "text": "Any"}, {"value": "1", "text": "A & B", "selected": true},
            {"value": "2", "text": "C", "disabled": true}]}) }}
{{ input({"id": "nhs", "name": "nhs", "label": {"text": "NHS number"}, "value": "\\"x\\"",
  "errorMessage": {"text": "Enter a number"}, "attributes": {"spellcheck": "false"}}) }}
{{ dateInput({"id": "from", "namePrefix": "from", "fieldset": {"legend": {"text": "From"}},
  "items": [{"name": "day", "value": "1"}, {"name": "month"}, {"name": "year"}]}) }}
"""


def test_components_render_the_same_html_through_gateway():
    gateway = engines["jinja2"].env
    ours = gateway.from_string(COMPONENTS).render()
    theirs = PACKAGE.from_string(COMPONENTS).render()
    assert "nhsuk-table__heading" in ours and "A &amp; B" in ours
    assert TagEvents(ours).events == TagEvents(theirs).events
    assert len(ours) < len(theirs)
