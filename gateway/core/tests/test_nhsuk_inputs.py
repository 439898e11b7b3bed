"""Gateway's input and date input templates, written in Python where they can be (ADR 0065),
write the same HTML as nhsuk-frontend-jinja's own templates.

Two references, as for the select and table (ADR 0058): the package's templates in Gateway's
environment (the same string, character for character), and in a plain Jinja environment with
the package's own ``nhsukAttributes`` (the same tags, attributes and text). An upgrade of the
package that changes either template fails here: port the change or delete the copy."""

import datetime

import pytest
from django import forms
from django.template import engines
from markupsafe import Markup

from gateway.core.forms import DateField, field_params
from gateway.core.nhsuk_date_input import date_input
from gateway.core.nhsuk_inputs import nhsuk_input, nhsuk_select

from .test_nhsuk_attributes import PACKAGE, TagEvents, package_first

TEMPLATES = (
    "nhsuk/components/input/template.jinja",
    "nhsuk/components/date-input/template.jinja",
    "nhsuk/components/select/template.jinja",
)
GATEWAY = engines["jinja2"].env
ORIGINAL = package_first(TEMPLATES)

INPUT = '{% from "nhsuk/components/input/macro.jinja" import input %}[{{ input(params) }}]'
DATE = (
    '{% from "nhsuk/components/date-input/macro.jinja" import dateInput %}[{{ dateInput(params) }}]'
)


def _both_ways(source, **context):
    ours = GATEWAY.from_string(source).render(**context)
    assert ours == ORIGINAL.from_string(source).render(**context)
    assert TagEvents(ours).events == TagEvents(PACKAGE.from_string(source).render(**context)).events
    return ours


def test_gateway_renders_its_own_copies():
    calls = ("nhsuk_input(", "nhsuk_date_input(", "nhsuk_select(")
    for name, call in zip(TEMPLATES, calls, strict=True):
        assert call in GATEWAY.loader.get_source(GATEWAY, name)[0]
        # ...and the comparisons below render the package's own template, not Gateway's.
        assert call not in ORIGINAL.loader.get_source(ORIGINAL, name)[0]


BASE = {"id": "id_name", "name": "name", "label": {"text": "Name"}}

INPUTS = [
    {},
    {"label": "A label & <b>"},
    {"label": Markup("<b>Safe</b> label")},
    {"label": {"text": "Name", "classes": "nhsuk-label--s", "attributes": {"data-x": "1"}}},
    {"label": {"text": "For another", "for": "other"}},
    {"label": {"text": "For none", "for": None}},
    {"label": {}},
    {"hint": {"text": "First name, last name or both"}},
    {"hint": "A hint as a string & more"},
    {"hint": Markup("<i>Safe</i> hint")},
    {"hint": {"text": "  two\nlines  ", "id": "own-hint", "classes": "x", "attributes": {"a": 1}}},
    {"hint": {"html": Markup("<p>html</p>\n<p>hint</p>"), "text": "ignored"}},
    {"hint": {"text": "Hint with id None", "id": None}},
    {"hint": None, "errorMessage": None},
    {"errorMessage": {"text": "Enter a name"}},
    {"errorMessage": "Error as a string <x>"},
    {"errorMessage": {"html": Markup("<b>Bad</b>"), "id": "e", "classes": "c"}},
    {"errorMessage": {"text": "Hidden text", "visuallyHiddenText": "Problem"}},
    {"errorMessage": {"text": "No hidden text", "visuallyHiddenText": ""}},
    {"errorMessage": {"text": "Hidden None", "visuallyHiddenText": None}},
    {"errorMessage": True},
    {"errorMessage": False, "hint": {"text": "h"}},
    {"errorMessage": {"text": "Both"}, "hint": {"text": "h"}, "describedBy": "before"},
    {"describedBy": "only-this"},
    {"value": "A & \"quoted\" 'value'"},
    {"value": ""},
    {"value": None},
    {"value": 0},
    {"value": True},
    {"value": Markup("&amp; safe")},
    {"type": "email", "autocomplete": "email", "spellcheck": False},
    {"type": "", "spellcheck": True},
    {"type": None, "spellcheck": 1},
    {"spellcheck": "yes"},
    {"inputmode": "numeric", "pattern": "[0-9]*", "placeholder": "999", "autocapitalize": "none"},
    {"disabled": True},
    {"disabled": False},
    {"width": 10},
    {"width": "4"},
    {"width": 7},
    {"width": 10, "classes": "nhsuk-input--width-20"},
    {"width": 2, "classes": "extra"},
    {"classes": Markup("a&amp;b")},
    {"large": True},
    {"large": True, "classes": "nhsuk-input--large"},
    {"code": True},
    {"code": True, "large": True, "width": 5, "errorMessage": "e", "classes": "z"},
    {"attributes": {"data-module": "x", "hidden": True, "maxlength": 20}},
    {"attributes": 'data-x="y"'},
    {"formGroup": {"classes": "group", "attributes": {"data-g": "1"}}},
    {"formGroup": {}},
    {"id": None},
    {"id": "", "name": "named"},
    {"name": None, "id": None},
    {"prefix": "£"},
    {"suffix": {"text": "kg"}},
    {"inputWrapper": {"classes": "w"}},
    {"formGroup": {"beforeInput": {"text": "before"}}},
    {"formGroup": {"afterInput": {"html": Markup("<b>after</b>")}}},
    {"label": {"text": "Page heading", "isPageHeading": True}},
    {"label": {"text": "Caption", "caption": "C"}},
    {"label": {"text": "Id", "id": "label-id"}},
]


@pytest.mark.parametrize("extra", INPUTS, ids=repr)
def test_input_is_the_packages(extra):
    params = {**BASE, **extra}
    html = _both_ways(INPUT, params=params)
    assert html.count("<input") == 1


def test_an_input_the_python_does_not_write_is_the_packages_template():
    assert nhsuk_input({**BASE, "prefix": "£"}) is None
    assert nhsuk_input({**BASE, "label": {"text": "H", "isPageHeading": True}}) is None
    assert nhsuk_input(BASE) is not None


SELECT = '{% from "nhsuk/components/select/macro.jinja" import select %}[{{ select(params) }}]'
OPTIONS = [
    {"value": "", "text": "Any"},
    {"value": "1", "text": "A & B"},
    {"value": "2", "text": "C"},
]


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"value": "1"},
        {"hint": "Pick one & <b>", "errorMessage": {"text": "Choose", "classes": "dropped"}},
        {"errorMessage": {"html": Markup("<b>Bad</b>"), "id": "e", "visuallyHiddenText": ""}},
        {"errorMessage": True, "classes": "extra", "disabled": True},
        {"describedBy": "before", "hint": {"text": "h", "id": "own"}},
        {"formGroup": {"classes": "g", "attributes": {"data-g": 1}}, "attributes": {"a": "b"}},
        {"label": "As a string", "id": None},
        {"label": {"text": "L", "classes": "nhsuk-label--s", "for": None}, "id": ""},
        {"name": None},
        {"items": []},
        {"inputWrapper": {"classes": "w"}},
        {"formGroup": {"afterInput": {"text": "after"}}},
        {"label": {"text": "Heading", "isPageHeading": True}},
    ],
    ids=repr,
)
def test_select_is_the_packages(extra):
    params = {"id": "org", "name": "org", "label": {"text": "Organisation"}, "items": OPTIONS}
    _both_ways(SELECT, params={**params, **extra})


ITEMS = [
    {"id": "d-day", "name": "d_day", "label": "Day", "value": "", "width": 2, "classes": None},
    {"id": "d-month", "name": "d_month", "label": "Month", "value": "3", "width": 2},
    {"id": "d-year", "name": "d_year", "label": "Year", "value": "2027", "width": 4},
]
LEGEND = {"legend": {"text": "Due: from", "classes": "nhsuk-fieldset__legend--s"}}


def _errors(items):
    return [{**item, "classes": "nhsuk-input--error"} for item in items]


DATES = [
    {},
    {"hint": {"text": "For example, 15 3 2027"}},
    {"hint": "For example & <b>", "errorMessage": "Enter a date"},
    {"errorMessage": {"text": "Enter a real date"}, "items": _errors(ITEMS)},
    {"errorMessage": {"text": "Only the message"}},
    {"errorMessage": True},
    {"errorMessage": {"html": Markup("<b>Bad</b>"), "id": "own-error"}},
    {"hint": {"text": "h", "id": "own-hint"}, "errorMessage": {"text": "e"}},
    {"items": [ITEMS[0], {**ITEMS[1], "error": True}, ITEMS[2]]},
    {"items": [ITEMS[0], {**ITEMS[1], "error": False}, ITEMS[2]], "errorMessage": "e"},
    {"items": [{"name": "day"}, {"name": "month"}, {"name": "year"}], "values": {"day": "1"}},
    {"items": [{"name": "day", "value": "2"}, {"name": "month"}], "values": {"month": "5"}},
    {"items": [{"name": "year", "width": 3}, {"name": "other"}, {}]},
    {"items": [None, ITEMS[1], {"label": {"text": "Own", "classes": "x"}, "name": "n"}]},
    {"items": [{**ITEMS[0], "inputmode": "text", "type": "number", "autocomplete": "bday-day"}]},
    {"items": [{**ITEMS[0], "attributes": {"data-x": 1}, "disabled": False}], "disabled": True},
    {"items": [{**ITEMS[0], "describedBy": "x", "spellcheck": False, "pattern": "[0-9]*"}]},
    {"items": [{**ITEMS[0], "label": {"text": "Hidden", "visuallyHiddenText": "day"}}]},
    {"classes": "extra", "attributes": {"data-module": "d"}, "formGroup": {"classes": "g"}},
    {"formGroup": {"attributes": {"data-g": "1"}}},
    {"fieldset": None},
    {"fieldset": {}},
    {"fieldset": {"legend": "A legend & <b>", "describedBy": "first"}},
    {"fieldset": {"legend": Markup("<b>Safe</b> legend"), "role": None, "id": "fs"}},
    {"fieldset": {"legend": {"html": Markup("<i>Html</i>\nlegend"), "id": "lg"}}},
    {"fieldset": {"legend": {"text": "L", "attributes": {"lang": "cy"}}, "classes": "f"}},
    {"fieldset": {"legend": {}, "attributes": {"data-f": "1"}, "role": "radiogroup"}},
    {"fieldset": {"legend": {"text": "Page heading", "isPageHeading": True}}},
    {"fieldset": {"legend": {"text": "Size", "size": "m"}}},
    {"id": None},
    {"items": []},
    {"namePrefix": "when"},
    {"day": {"name": "dd"}},
    {"formGroup": {"beforeInputs": {"text": "before"}}},
    {"items": [{**ITEMS[0], "prefix": "£"}]},
]


@pytest.mark.parametrize("extra", DATES, ids=repr)
def test_date_input_is_the_packages(extra):
    params = {"id": "d", "fieldset": LEGEND, "items": ITEMS, **extra}
    _both_ways(DATE, params=params)


def test_a_date_input_the_python_does_not_write_is_the_packages_template():
    assert date_input({"id": "d", "items": []}) is None
    assert date_input({"id": "d", "items": ITEMS, "namePrefix": "x"}) is None
    assert date_input({"id": "d", "items": ITEMS, "fieldset": LEGEND}) is not None


class SearchForm(forms.Form):
    name = forms.CharField(label="Name", required=False, help_text="First name, last name or both")
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    practice = forms.ChoiceField(
        label="Practice",
        required=False,
        choices=[("", "Any practice"), ("a", "A & B <Surgery>"), ("b", "Riverside")],
    )
    due_from = DateField(label="Due: from", required=False, help_text="For example, 15 3 2027")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "name": "Ann <Smith>",
            "due_from_day": "1",
            "due_from_month": "2",
            "due_from_year": "2027",
        },
        {"due_from_day": "31", "due_from_month": "2", "due_from_year": "2027"},
        {"due_from_day": "x"},
        {"practice": "b"},
        {"practice": "not offered"},
    ],
    ids=["unbound", "filled", "impossible date", "part of a date", "chosen", "not offered"],
)
def test_every_list_filter_field_is_written_in_python_as_the_package_writes_it(data):
    """The fields of every list's search form, as ``field_params`` describes them, blank,
    filled and with errors: ``form_field`` writes each in Python (no fallback), and writes what
    the package's macro writes for the same parameters."""
    form = SearchForm(data, initial={"due_from": datetime.date(2027, 3, 15)})
    if data:
        form.is_valid()
    ours = GATEWAY.from_string('{% from "core/forms.jinja" import form_field %}{{ form_field(f) }}')
    for field in form:
        component, params = field_params(field)
        writer = {"input": nhsuk_input, "dateInput": date_input, "select": nhsuk_select}
        assert writer[component](params) is not None
        macro = {"input": INPUT, "dateInput": DATE, "select": SELECT}[component]
        theirs = ORIGINAL.from_string(macro).render(params=params)
        html = ours.render(f=field)
        assert f"[{html}]" == theirs
        assert (
            TagEvents(theirs).events
            == TagEvents(PACKAGE.from_string(macro).render(params=params)).events
        )
        assert f'id="{field.auto_id}' in html
