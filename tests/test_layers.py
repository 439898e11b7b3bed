"""The import contracts in .importlinter (run by `lint-imports` in `make lint`) cover what they
say they cover: every app sits in a layer, and every view and API module is one the
"views through queries and services" contract checks. A new app or a new view module
(views.py, or a module of a views/ folder) then cannot slip past the contracts by its name."""

import configparser
import re

from tests.test_architecture import GATEWAY, guarded_modules

CONTRACTS = GATEWAY.parent / ".importlinter"


def _contract(name):
    config = configparser.ConfigParser()
    config.read(CONTRACTS)
    return config[f"importlinter:contract:{name}"]


def module_name(path):
    return ".".join(("gateway", *path.relative_to(GATEWAY).with_suffix("").parts))


def _lines(value):
    return [line.strip() for line in value.splitlines() if line.strip()]


def _matches(module, expression):
    """Whether module is the expression's module, or inside it (import-linter's wildcards)."""
    pattern = re.escape(expression).replace(r"\*\*", ".+").replace(r"\*", "[^.]+")
    return re.fullmatch(f"{pattern}(\\..+)?", module) is not None


def _apps():
    return sorted(
        f"gateway.{path.parent.name}"
        for path in GATEWAY.glob("*/__init__.py")
        if path.parent.name != "__pycache__"
    )


def test_every_app_sits_in_a_layer():
    layers = _lines(_contract("apps-in-layers")["layers"])
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    missing = sorted(set(_apps()) - placed)
    assert not missing, f"Put {', '.join(missing)} in a layer in .importlinter (apps-in-layers)"


def test_core_is_at_the_bottom_and_nothing_is_placed_twice():
    layers = _lines(_contract("apps-in-layers")["layers"])
    names = [name.strip() for layer in layers for name in layer.split("|")]
    assert layers[-1] == "gateway.core"
    assert len(names) == len(set(names))


def test_every_view_and_api_module_is_checked_by_the_views_contract():
    sources = _lines(_contract("views-through-queries-and-services")["source_modules"])
    unchecked = [
        module_name(path)
        for path in guarded_modules()
        if not any(_matches(module_name(path), source) for source in sources)
    ]
    assert not unchecked, (
        "Add these view or API modules to source_modules of the "
        f"views-through-queries-and-services contract in .importlinter: {unchecked}"
    )


def test_the_wildcards_match_as_import_linter_does():
    assert _matches("gateway.sas.views", "gateway.*.views")
    assert _matches("gateway.sas.views.reports", "gateway.sas.views.*")
    assert _matches("gateway.api.v1", "gateway.api.*")
    assert not _matches("gateway.sas.views_extra", "gateway.*.views")
    assert not _matches("gateway.support.views.deaths_old", "gateway.support.views.deaths")
