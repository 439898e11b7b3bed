"""Gateway's select and table templates, whose option and body-row loops are Python (ADR 0058),
write the same HTML as nhsuk-frontend-jinja's own templates.

Two references: the package's templates in Gateway's environment (the same string, character
for character), and in a plain Jinja environment with the package's own ``nhsukAttributes``
(the same tags, attributes and text; ADR 0057 leaves out whitespace inside tags). An upgrade
of the package that changes either loop fails here: port the change or delete the copy."""

import pytest
from django.template import engines
from markupsafe import Markup

from gateway.core import nhsuk_components, nhsuk_plain

from .test_nhsuk_attributes import PACKAGE, TagEvents, package_first

TEMPLATES = (
    "nhsuk/components/select/template.jinja",
    "nhsuk/components/tables/template.jinja",
    "nhsuk/components/tag/template.jinja",
    "nhsuk/components/label/template.jinja",
)
GATEWAY = engines["jinja2"].env
ORIGINAL = package_first(TEMPLATES)


def _both_ways(source, **context):
    ours = GATEWAY.from_string(source).render(**context)
    assert ours == ORIGINAL.from_string(source).render(**context)
    assert TagEvents(ours).events == TagEvents(PACKAGE.from_string(source).render(**context)).events
    return ours


def test_gateway_renders_its_own_copies():
    for name in TEMPLATES:
        source = GATEWAY.loader.get_source(GATEWAY, name)[0]
        assert any(
            call in source
            for call in ("select_options(", "table_rows(", "nhsuk_tag(", "nhsuk_label(")
        )


SELECT = '{% from "nhsuk/components/select/macro.jinja" import select %}{{ select(params) }}'

OPTIONS = [
    {"value": "", "text": "Any"},
    {"value": "1", "text": "A & B <C>", "selected": True},
    {"value": "2", "text": "Two", "disabled": True},
    {"value": 3, "text": 3},
    {"text": "No value"},
    {"value": "quote\"'", "text": Markup("<b>safe</b>")},
    {"value": None, "text": None},
    {"value": "x", "text": "Attributes", "attributes": {"data-x": "1", "lang": "cy"}},
    {"value": "y", "text": "Not selected", "selected": False},
    {"value": "z", "text": "Selected none", "selected": None},
    {"value": "0", "text": "Selected zero", "selected": 0},
    {"divider": True},
    {"divider": False, "value": "d", "text": "Not a divider"},
    {},
    None,
    {"value": True, "text": "True"},
]


@pytest.mark.parametrize(
    "params",
    [
        {"id": "org", "name": "org", "label": {"text": "Organisation"}, "items": OPTIONS},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": "2"},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": "No value"},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": "z"},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": "0"},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": "y"},
        {"name": "org", "label": "Organisation", "items": OPTIONS, "value": 3},
        {
            "id": "action",
            "name": "action",
            "label": {"text": "Action", "classes": "nhsuk-label--s"},
            "hint": {"text": "Pick one"},
            "errorMessage": {"text": "Choose an action"},
            "items": OPTIONS[:4],
            "attributes": {"data-module": "x"},
            "formGroup": {"classes": "extra"},
            "classes": "nhsuk-u-width-full",
            "disabled": True,
            "describedBy": "other",
        },
        {"name": "empty", "label": "Empty", "items": []},
        {"name": "none", "label": "No items"},
        {"name": "wrapped", "label": "W", "items": OPTIONS[:2], "inputWrapper": {"classes": "w"}},
    ],
    ids=lambda params: params["name"] + ":" + str(params.get("value", "")),
)
def test_select_is_the_packages(params):
    html = _both_ways(SELECT, params=params)
    assert html.count("<option") == (
        sum(1 for item in params.get("items", []) if item and not item.get("divider"))
    )


TABLE = """{%- from "nhsuk/components/tables/macro.jinja" import table -%}
{%- from "nhsuk/components/tag/macro.jinja" import tag -%}
{{ table(params) }}"""

HEAD = [
    {"text": "When"},
    "Who",
    Markup("<i>Where</i>"),
    {"text": "Count", "format": "numeric"},
    {"text": "Centre", "align": "centre"},
    {"html": Markup("<b>Record</b>"), "visuallyHiddenText": "hidden"},
]
ROWS = [
    [
        {"text": "1 May 2026"},
        {"html": Markup("<a href='/x'>Ann</a>")},
        {"text": "<not html>", "href": "/a?b=1&c=2"},
        {"text": "3"},
        {"text": "centred", "classes": "nhsuk-u-text-align-left"},
        {"text": "Record", "visuallyHiddenText": "of Ann"},
    ],
    [
        "plain string",
        Markup("<em>safe string</em>"),
        {"text": "multi\nline\n\n text", "attributes": {"data-x": "1"}},
        {"text": "4", "format": "string"},
        {"text": "w", "width": "one-half", "align": "right"},
        {"html": Markup("<strong>x</strong>\n<br>y"), "href": "/r"},
    ],
    [
        {"text": "sort", "sortValue": "2026-05-01", "colspan": 2, "rowspan": 1},
        {"visuallyHiddenText": "only hidden"},
        {},
        {"text": 0},
        {"text": "n", "format": "numeric", "classes": "nhsuk-table__cell--numeric"},
        {"text": "w", "width": "one-third", "classes": "nhsuk-u-width-one-third"},
        {"text": "beyond the head"},
    ],
    [5, None, {"text": None}, {"html": "", "text": "text when html empty"}],
    [],
    "a string row",
]


@pytest.mark.parametrize(
    "options",
    [
        {"responsive": True},
        {},
        {"responsive": True, "firstCellIsHeader": True},
        {"firstCellIsHeader": True, "caption": "Caption", "compact": True},
        {"responsive": True, "head": []},
        {"head": HEAD[:2]},
        {"rows": []},
        {"responsive": True, "card": {"heading": "In a card"}},
        {"scroll": True, "id": "t", "caption": {"text": "Scrolls"}},
    ],
    ids=repr,
)
def test_table_is_the_packages(options):
    params = {"caption": {"text": "Entries", "classes": "nhsuk-u-visually-hidden"}, "head": HEAD}
    params.update({"rows": ROWS}, **options)
    html = _both_ways(TABLE, params=params)
    assert html.count("<tr") == len(params["rows"]) + bool(params["head"])


def test_a_table_of_tags_links_and_text_is_the_packages():
    """The audit trail's and the lists' kind of table: links, tags, long text, 25 rows."""
    row = [
        {"text": "7 December 2026, 5:58am"},
        {"html": Markup('<a href="/p/1">Ann &amp; Bob</a>')},
        {"html": '<strong class="nhsuk-tag nhsuk-tag--red">\n  Overdue\n</strong>'},
        {"text": "Changed the address", "href": "/audit/1"},
    ]
    params = {"responsive": True, "head": ["When", "Who", "State", "What"], "rows": [row] * 25}
    html = _both_ways(TABLE, params=params)
    assert html.count('<td class="nhsuk-table__cell" role="cell">') == 100


TAG = """{%- from "nhsuk/components/tag/macro.jinja" import tag -%}
<td>Due<br>{{ tag(params) }}</td>
{% call tag(params) %}Called <b>with</b> {{ "a & b" }}{% endcall %}"""


@pytest.mark.parametrize(
    "params",
    [
        {"text": "Overdue", "classes": "nhsuk-tag--red"},
        {"text": "  Two\nlines & <more>  "},
        {"text": Markup("<b>safe</b>")},
        {"text": 3},
        {"html": Markup("<span>Safe</span>\n<span>html</span>"), "text": "ignored"},
        {"html": "<i>marked safe by the package</i>"},
        {"text": "", "html": ""},
        {},
        {"text": "Blue", "colour": "blue"},
        {"text": "Blue", "colour": "blue", "classes": "nhsuk-tag--red extra"},
        {"text": "Blue", "colour": "blue", "classes": "extra"},
        {"text": "Unknown colour", "colour": "tartan"},
        {"text": "No colour", "colour": False, "border": False},
        {"text": "No colour", "colour": False, "classes": "nhsuk-tag--no-colour"},
        {"text": "No border", "border": False, "classes": Markup("a&amp;b")},
        {"text": "Id", "id": "tag-1", "attributes": {"data-x": "y", "hidden": True}},
        {"text": "Attributes string", "attributes": 'data-x="y"'},
    ],
    ids=repr,
)
def test_tag_is_the_packages(params):
    html = _both_ways(TAG, params=params)
    assert html.count("<strong") == 2
    # A list writes its rows' tags with nhsuk_tag directly (ADR 0065): the macro's HTML.
    macro = '{%- from "nhsuk/components/tag/macro.jinja" import tag -%}<td>{{ tag(params) }}</td>'
    direct = GATEWAY.from_string("<td>{{ nhsuk_tag(params) }}</td>").render(params=params)
    assert direct == GATEWAY.from_string(macro).render(params=params)


LABEL = """{%- from "nhsuk/components/label/macro.jinja" import label -%}
{%- from "nhsuk/components/input/macro.jinja" import input -%}
[{{ label(params) }}]{% call label(params) %}Called{% endcall %}
{{ input({"id": "i", "name": "i", "label": params}) }}"""


@pytest.mark.parametrize(
    "params",
    [
        {"text": "Name", "for": "id_name"},
        {"text": "  Two\nlines & <more>\n\n", "for": "x", "classes": "nhsuk-label--s"},
        {"text": "Attributes", "attributes": {"data-x": "1", "hidden": True}},
        {"text": "Attributes string", "for": "y", "attributes": 'data-x="1"'},
        {"text": Markup("<b>safe</b>"), "classes": Markup("a&amp;b")},
        {"html": Markup("<span>Safe</span>\n<span>html</span>"), "text": "ignored"},
        {"html": "<i>marked safe by the package</i>", "for": "z"},
        {"text": 5},
        {"text": ""},
        {},
        {"text": "Page heading", "isPageHeading": True},
        {"text": "Heading", "heading": {"text": "H", "level": 2}},
        {"text": "Heading string", "heading": "H"},
        {"text": "Not a heading", "heading": False, "isPageHeading": False},
        {"text": "Caption", "caption": "C"},
        {"text": "Size", "size": "l"},
        {"text": "Hidden", "visuallyHiddenText": "more"},
        {"text": "Id", "id": "label-id"},
    ],
    ids=repr,
)
def test_label_is_the_packages(params):
    _both_ways(LABEL, params=params)


CHOICES = """{%- from "nhsuk/components/radios/macro.jinja" import radios -%}
{%- from "nhsuk/components/checkboxes/macro.jinja" import checkboxes -%}
{%- from "nhsuk/components/textarea/macro.jinja" import textarea -%}
{{ radios(dict(params, name="r", idPrefix="r")) }}
{{ checkboxes(dict(params, name="c", idPrefix="c")) }}
{{ textarea({"name": "t", "id": "t", "label": params["note_label"]}) }}"""


@pytest.mark.parametrize(
    "label",
    [
        {},
        {"classes": "extra", "attributes": {"data-x": "1"}},
        {"text": "Label text wins"},
        {"visuallyHiddenText": "falls back"},
        {"id": "falls-back"},
    ],
    ids=repr,
)
def test_radios_checkboxes_and_textarea_labels_are_the_packages(label):
    """Radios and checkboxes write a label per choice."""
    items = [
        {"value": "a", "text": "A & a", "label": label},
        {"value": "b", "html": Markup("<b>B</b>"), "hint": {"text": "Hint"}, "label": label},
        {"value": "c", "text": "C", "checked": True, "label": label},
    ]
    params = {"fieldset": {"legend": {"text": "Pick"}}, "items": items, "value": "c"}
    params["note_label"] = {"text": "Notes", **label}
    html = _both_ways(CHOICES, params=params)
    assert html.count("<label") == 7


PLAIN_TEXTS = [
    "Text",
    "",
    "  spaced  ",
    "A & B <C> \"q\" 'a'",
    "two\nlines",
    "form\x0cfeed\rcr",
    "\n",
]
PLAIN_CELLS = [
    *({"text": text} for text in PLAIN_TEXTS),
    *({"text": text, "href": '/a?b=1&c="2"'} for text in PLAIN_TEXTS),
    {"text": "No link", "href": None},
    {"text": "Empty link", "href": ""},
]
PLAIN_HEADS = [
    [{"text": "When"}, {"text": ""}, {}, {"text": "A & <b>"}, {"text": " two\nlines "}],
    ["When", {"text": "Who", "format": "numeric"}, {"text": Markup("<i>Where</i>")}],
]


@pytest.mark.parametrize("head", PLAIN_HEADS, ids=["plain", "not plain"])
@pytest.mark.parametrize("options", [{"responsive": True}, {}, {"firstCellIsHeader": True}])
def test_plain_cells_are_the_packages(head, options):
    """Cells of text and links under columns headed by text are written by _plain_cell (the
    audit trail's 25 x 6): the same HTML as the package's, over text that needs escaping,
    trimming or indenting, empty and absent links, and head cells that are not plain."""
    rows = [PLAIN_CELLS[i : i + 6] for i in range(0, len(PLAIN_CELLS), 6)]
    params = {"head": head, "rows": rows, **options}
    html = _both_ways(TABLE, params=params)
    assert html.count("<tr") == len(rows) + 1


@pytest.mark.parametrize("responsive", [True, False])
@pytest.mark.parametrize("header", PLAIN_HEADS[0])
@pytest.mark.parametrize("item", PLAIN_CELLS, ids=repr)
def test_a_plain_cell_is_the_general_cell(item, header, responsive):
    """_plain_cell against the general path it stands in for, character for character."""
    heading = nhsuk_plain.plain_heading([header], 0, responsive)
    general = nhsuk_components.general_body_cell(item, header, False, responsive, False)
    assert nhsuk_plain.is_plain(item)
    assert nhsuk_plain.plain_cell(item, heading, responsive) == general


PLAIN_OPTIONS = [
    {"value": "", "text": "Anyone"},
    {"value": "1", "text": 'A & B <C> "q"', "selected": True},
    {"value": "2", "text": "  spaced\ntext  ", "selected": False},
    {"value": "a&b\"'", "text": ""},
    {"text": "Text first", "value": "3"},
]


@pytest.mark.parametrize("chosen", ["", "1", "2", "3", "a&b\"'", None, 0, True, "nothing"])
@pytest.mark.parametrize("item", PLAIN_OPTIONS, ids=repr)
def test_a_plain_option_is_the_general_option(item, chosen):
    """plain_option (a form's select: 160 organisations on the audit trail) against the
    general option."""
    assert nhsuk_plain.is_plain_option(item)
    plain_chosen = bool(chosen) and chosen
    assert nhsuk_plain.plain_option(item, plain_chosen) == nhsuk_components.general_option(
        item, chosen
    )


@pytest.mark.parametrize("value", ["", "1", "2", "3", "a&b\"'"])
def test_a_select_of_plain_options_is_the_packages(value):
    params = {"name": "who", "label": "Who", "items": PLAIN_OPTIONS, "value": value}
    html = _both_ways(SELECT, params=params)
    assert html.count("<option") == len(PLAIN_OPTIONS)


@pytest.mark.parametrize(
    "item",
    [{"value": 1, "text": "1"}, {"value": "1", "text": Markup("<b>1</b>")}, {"value": "1"}, {}],
    ids=repr,
)
def test_other_options_are_not_plain(item):
    assert not nhsuk_plain.is_plain_option(item)
    assert not nhsuk_plain.is_plain_option({**item, "selected": None})
