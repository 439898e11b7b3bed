"""Organisation scoping fails closed only if nobody goes round it (DESIGN.md):
view modules and the API must read patients through gateway/patients/queries.py and write
through services, never through the patient-data models themselves."""

import ast
from pathlib import Path

import pytest

GATEWAY = Path(__file__).resolve().parent.parent / "gateway"
PATIENT_MODELS_MODULE = "gateway.patients.models"
PATIENT_MODELS = {"Patient", "Address", "PatientRelationship"}


def _is_view_or_api_module(path):
    parts = path.relative_to(GATEWAY).parts
    if "tests" in parts or "migrations" in parts:
        return False
    if parts[0] == "api":
        return True
    return path.name == "views.py" or path.name.endswith("_views.py") or "views" in parts[:-1]


def guarded_modules():
    return sorted(p for p in GATEWAY.rglob("*.py") if _is_view_or_api_module(p))


def _module_name(path):
    return ".".join(("gateway", *path.relative_to(GATEWAY).with_suffix("").parts))


def _resolve(node, module_name):
    """The absolute module a `from ... import` refers to."""
    if not node.level:
        return node.module or ""
    package = module_name.split(".")[: -node.level]
    return ".".join([*package, *([node.module] if node.module else [])])


def violations(source, module_name):
    """Lines where the source reaches patient-data models directly."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name == PATIENT_MODELS_MODULE
            ]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, module_name)
            names = {a.name for a in node.names}
            if target == PATIENT_MODELS_MODULE:
                found.append(f"line {node.lineno}: from {target} import {', '.join(sorted(names))}")
            elif target == "gateway.patients" and "models" in names:
                found.append(f"line {node.lineno}: from gateway.patients import models")
        elif isinstance(node, ast.Attribute) and node.attr == "objects":
            base = node.value
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
            if name in PATIENT_MODELS:
                found.append(f"line {node.lineno}: {name}.objects")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and any(
                isinstance(a, ast.Constant) and a.value in ({"patients"} | PATIENT_MODELS)
                for a in node.args
            )
        ):
            found.append(f"line {node.lineno}: get_model(...) for a patient model")
    return found


def test_there_are_view_and_api_modules_to_check():
    names = {_module_name(p) for p in guarded_modules()}
    assert {"gateway.patients.views.patients", "gateway.api.patients", "gateway.api.v1"} <= names


@pytest.mark.parametrize("path", guarded_modules(), ids=lambda p: str(p.relative_to(GATEWAY)))
def test_view_and_api_modules_do_not_touch_patient_models(path):
    problems = violations(path.read_text(), _module_name(path))
    assert not problems, (
        f"{path.relative_to(GATEWAY)} reaches patient data directly; use "
        f"gateway.patients.queries (reads) and services (writes): {problems}"
    )


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from gateway.patients.models import Patient", "gateway.sas.views"),
        ("from .models import Address", "gateway.patients.views"),
        ("from ..patients.models import PatientRelationship", "gateway.api.patients"),
        ("from gateway.patients import models", "gateway.sas.views"),
        ("import gateway.patients.models", "gateway.sas.views"),
        ("def f():\n    return Patient.objects.all()", "gateway.sas.views"),
        ("def f(m):\n    return m.PatientRelationship.objects.all()", "gateway.sas.views"),
        ("apps.get_model('patients', 'Patient')", "gateway.sas.views"),
    ],
)
def test_the_check_catches_each_way_round(source, module):
    assert violations(source, module)


def test_the_check_allows_query_helpers_and_other_models():
    source = (
        "from gateway.patients import queries, services\n"
        "from gateway.patients.queries import visible_patients\n"
        "from .models import AuditEvent\n"
        "AuditEvent.objects.all()\n"
    )
    assert violations(source, "gateway.audit.views") == []


def test_every_message_template_says_who_reads_it():
    """Plain English is checked on every template the person reads, found
    by convention: a new letter, text or email must be listed in gateway/comms/audiences.py
    as read by the patient, an organisation, or as staff's own words."""
    from gateway.comms import audiences

    found = set(audiences.message_templates())
    missing = sorted(found - set(audiences.MESSAGE_TEMPLATES))
    assert not missing, (
        f"Say who reads {', '.join(missing)} in gateway/comms/audiences.py MESSAGE_TEMPLATES "
        "(patient-facing ones are then checked for plain English and need an Easy Read letter)"
    )
    stale = sorted(set(audiences.MESSAGE_TEMPLATES) - found)
    assert not stale, f"audiences.py lists templates that do not exist: {', '.join(stale)}"
