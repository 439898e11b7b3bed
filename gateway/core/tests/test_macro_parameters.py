"""Every NHS.UK macro call passes only parameters the macro reads.

nhsuk-frontend-jinja ignores a parameter it does not know: ``warningCallout({"HTML": ...})``
renders the heading and an empty box, and the reasons a person needed to read are lost
without an error. This check parses every Gateway template, finds each call of a macro
imported from ``nhsuk/components/<name>/macro.jinja`` and compares the keys of the dictionary
passed to it with the parameters that component's own template reads."""

import re
from functools import cache
from pathlib import Path

import nhsuk_frontend_jinja
import pytest
from jinja2 import Environment, nodes

import gateway

COMPONENTS = Path(nhsuk_frontend_jinja.__file__).parent / "templates" / "nhsuk" / "components"
TEMPLATES = sorted(
    path for path in Path(gateway.__file__).parent.rglob("*.jinja") if "jinja2" in path.parts
)
IMPORT = re.compile(r"^nhsuk/components/(?P<component>[a-z-]+)/macro\.jinja$")


@cache
def parameters_read(component):
    """The top-level parameter names a component's template reads (params.x, params.get("x"))."""
    source = (COMPONENTS / component / "template.jinja").read_text()
    names = set(re.findall(r"params\.(\w+)", source))
    names |= set(re.findall(r"params\.get\(\s*[\"'](\w+)[\"']", source))
    names |= set(re.findall(r"params\[\s*[\"'](\w+)[\"']\s*\]", source))
    names.discard("get")
    return frozenset(names)


def _dict_keys(node):
    return [item.key.value for item in node.items if isinstance(item.key, nodes.Const)]


def _nested_dicts(node):
    """Dictionaries inside a parameter dictionary (items, headings, labels...)."""
    for child in node.find_all(nodes.Dict):
        if child is not node:
            yield child


def macro_calls(path):
    """(line, component, parameter dictionary) for each NHS.UK macro call in a template."""
    tree = Environment(extensions=["jinja2.ext.do"]).parse(path.read_text())
    imported = {}
    for from_import in tree.find_all(nodes.FromImport):
        if not isinstance(from_import.template, nodes.Const):
            continue
        match = IMPORT.match(from_import.template.value)
        if not match:
            continue
        for name in from_import.names:
            macro, alias = name if isinstance(name, tuple) else (name, name)
            imported[alias] = match["component"]
    for call in tree.find_all(nodes.Call):
        if (
            isinstance(call.node, nodes.Name)
            and call.node.name in imported
            and call.args
            and isinstance(call.args[0], nodes.Dict)
        ):
            yield call.lineno, imported[call.node.name], call.args[0]


def test_the_check_sees_every_kind_of_nhsuk_macro_gateway_uses():
    components = {component for path in TEMPLATES for _, component, _ in macro_calls(path)}
    # A check that found nothing would pass for the wrong reason.
    assert {"warning-callout", "inset-text", "button", "summary-list"} <= components


def test_the_check_catches_a_misspelt_parameter(tmp_path):
    template = tmp_path / "bad.jinja"
    template.write_text(
        '{% from "nhsuk/components/warning-callout/macro.jinja" import warningCallout %}'
        '{{ warningCallout({"heading": "Read this", "HTML": "<p>Reasons</p>"}) }}'
    )
    [(line, component, params)] = list(macro_calls(template))
    assert component == "warning-callout"
    assert set(_dict_keys(params)) - parameters_read(component) == {"HTML"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_every_nhsuk_macro_call_passes_only_parameters_the_macro_reads(path):
    problems = []
    for line, component, params in macro_calls(path):
        unknown = set(_dict_keys(params)) - parameters_read(component)
        if unknown:
            problems.append(f"line {line}: {component} ignores {sorted(unknown)}")
        for nested in _nested_dicts(params):
            # Nested parameters (items, heading, label, fieldset...) are lower camelCase in
            # every NHS.UK component: "HTML", "Text" or "Href" are silently ignored.
            wrong_case = [key for key in _dict_keys(nested) if not key[:1].islower()]
            if wrong_case:
                problems.append(f"line {line}: {component} ignores nested {wrong_case}")
    assert not problems, "\n".join(problems)


def test_form_fields_pass_only_parameters_their_nhsuk_macro_reads():
    """``form_field`` builds its macro parameters in Python (gateway.core.forms.field_params)."""
    from django import forms

    from gateway.core.forms import DateField, field_params

    class EveryWidget(forms.Form):
        text = forms.CharField(help_text="A hint")
        choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        several = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        tick = forms.BooleanField()
        pick = forms.ChoiceField(choices=[("a", "A")])
        words = forms.CharField(widget=forms.Textarea)
        when = DateField()

    form = EveryWidget(data={})
    form.is_valid()
    seen = set()
    for bound_field in form:
        component, params = field_params(bound_field)
        seen.add(component)
        folder = {"dateInput": "date-input"}.get(component, component)
        assert set(params) - parameters_read(folder) == set(), bound_field.name
    assert seen == {"input", "radios", "checkboxes", "select", "textarea", "dateInput"}


def test_a_select_all_that_apply_question_renders_as_checkboxes_and_keeps_every_answer():
    from django import forms

    from gateway.core.forms import field_params

    class Behaviours(forms.Form):
        behaviours = forms.MultipleChoiceField(
            choices=[("violence", "Violence"), ("weapon", "A weapon"), ("other", "Other")],
            widget=forms.CheckboxSelectMultiple,
        )

    form = Behaviours(data={"behaviours": ["violence", "weapon"]})
    assert form.is_valid()
    component, params = field_params(form["behaviours"])
    assert component == "checkboxes"
    assert params["values"] == ["violence", "weapon"]
