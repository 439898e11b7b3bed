"""A name that starts with an underscore belongs to its module. When another module needs it,
it is shared, so it gets a public name, or moves down into a small module both can import:
importing another module's private name is how the import circles inside Gateway began."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("gateway", "tests", "conftest")


def _is_private(name):
    return name.startswith("_") and not name.startswith("__")


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path):
    return path.name == "__init__.py"


def _resolve(node, module_name, is_package):
    """The absolute module a `from ... import` names."""
    if not node.level:
        return node.module or ""
    package = module_name.split(".")
    package = package[: len(package) - node.level + (1 if is_package else 0)]
    return ".".join([*package, *([node.module] if node.module else [])])


def _first_party(module):
    return module.split(".")[0] in FIRST_PARTY


def _is_module(dotted):
    """Whether a first-party dotted name is a module or package (not a class or object)."""
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(source, module_name, is_package=False):
    """Lines where the source takes another module's private name."""
    found = []
    imported_modules = set()  # local names bound to first-party modules
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(node, module_name, is_package)
            if not _first_party(target):
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"line {node.lineno}: from {target} import {alias.name}")
                elif _is_module(f"{target}.{alias.name}"):
                    # `from gateway.comms import routing` binds a module
                    imported_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not _first_party(alias.name):
                    continue
                if any(_is_private(part) for part in alias.name.split(".")):
                    found.append(f"line {node.lineno}: import {alias.name}")
                imported_modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported_modules
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def checked_files():
    files = [ROOT / "conftest.py"]
    for folder in ("gateway", "tests"):
        files += [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
    return sorted(files)


@pytest.mark.parametrize("path", checked_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_takes_another_modules_private_name(path):
    problems = violations(path.read_text(), _module_name(path), _is_package(path))
    assert not problems, (
        f"{path.relative_to(ROOT)} uses another module's private name: {problems}. Give the "
        "name a public name where it is shared, or move it down into a module both can import."
    )


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from .services import _require", "gateway.support.services.flags"),
        ("from gateway.sas.services.reviews import _audit", "gateway.sas.services.discharge"),
        ("from ..reviews import _actor", "gateway.sas.services.x.discharge"),
        ("from .demo_data import (\n    PRACTICES,\n    _patient,\n)", "gateway.nonprod.x"),
        ("from . import services\nservices._create()", "gateway.comms.routing"),
        ("import gateway.comms.rendering as r\nr._module('x', {})", "gateway.comms.routing"),
        ("import gateway.comms._private", "gateway.comms.routing"),
        ("from tests.helpers import _world", "gateway.sas.tests.test_x"),
    ],
)
def test_the_check_catches_each_way_round(source, module):
    assert violations(source, module)


def test_the_check_allows_own_names_dunders_and_other_libraries():
    source = (
        "from __future__ import annotations\n"
        "from django.db.models import F\n"
        "from gateway import __version__\n"
        "from . import audit\n"
        "def _own(obj):\n"
        "    return obj._meta.label, audit.record, self._cache\n"
        "_own(None)\n"
    )
    assert violations(source, "gateway.comms.services") == []
