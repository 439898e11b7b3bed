"""Organisation scoping fails closed only if nobody goes round it (DESIGN.md):
view modules and the API read data about a person through the apps' scoped queries and write
through services, never by querying a model that holds data about a person.

Which models hold data about a person is worked out, not listed: every model with a chain of
foreign keys to patients.Patient (the person's episode, its appeals, a message to them, the
attempts to deliver it...), found in the app registry. A new model joins the check as soon as
it links to a person. The audit trail names a person by id only and is read by auditors, so it
is not among them (its pages have their own role check)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

GATEWAY = Path(__file__).resolve().parent.parent / "gateway"
PATIENT_MODELS_MODULE = "gateway.patients.models"
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def links_to_a_person(model, found):
    return any(
        field.concrete and field.is_relation and field.related_model in found
        for field in model._meta.get_fields()
    )


def person_data_models(all_models):
    """patients.Patient and every model with a chain of foreign keys (or one-to-one or
    many-to-many fields) to it."""
    found = {apps.get_model("patients", "Patient")}
    grew = True
    while grew:
        grew = False
        for model in all_models:
            if model not in found and links_to_a_person(model, found):
                found.add(model)
                grew = True
    return found


PERSON_MODELS = person_data_models(apps.get_models())
PERSON_MODEL_NAMES = {m.__name__ for m in PERSON_MODELS}


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


def _names_for_models(tree, watched):
    """Each local name that stands for a watched model: its own name, and any alias it was
    imported under (`from .models import Appeal as A`)."""
    names = {name: name for name in watched}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.update({a.asname: a.name for a in node.names if a.asname and a.name in watched})
    return names


def _names_a_model(value, watched):
    if not isinstance(value, str):
        return False
    wanted = {n.lower() for n in watched}
    return value.lower() in wanted | {"patients"} or value.rpartition(".")[2].lower() in wanted


def findings(source, module_name, watched=None):
    """(line, what, model) for each place the source reaches data about a person directly;
    model is None for an import of the patients app's models."""
    watched = PERSON_MODEL_NAMES if watched is None else watched
    tree = ast.parse(source)
    names = _names_for_models(tree, watched)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {a.name}", None)
                for a in node.names
                if a.name == PATIENT_MODELS_MODULE
            ]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, module_name)
            imported = {a.name for a in node.names}
            if target == PATIENT_MODELS_MODULE:
                what = f"from {target} import {', '.join(sorted(imported))}"
                found.append((node.lineno, what, None))
            elif target == "gateway.patients" and "models" in imported:
                found.append((node.lineno, "from gateway.patients import models", None))
        elif isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            base = node.value
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
            if name in names:
                found.append((node.lineno, f"{name}.{node.attr}", names[name]))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and any(
                isinstance(a, ast.Constant) and _names_a_model(a.value, watched) for a in node.args
            )
        ):
            found.append((node.lineno, "get_model(...) for a model of a person's data", None))
    return found


def violations(source, module_name, watched=None):
    """Lines where the source reaches data about a person directly. No view or API module
    does: every read goes through the app's queries."""
    return [f"line {line}: {what}" for line, what, _ in findings(source, module_name, watched)]


def test_there_are_view_and_api_modules_to_check():
    names = {_module_name(p) for p in guarded_modules()}
    assert {"gateway.patients.views.patients", "gateway.api.patients", "gateway.api.v1"} <= names


def test_models_holding_data_about_a_person_are_found_by_their_links_to_the_person():
    assert {
        "patients.Patient",
        "patients.Address",
        "patients.PatientRelationship",
        "patients.Consent",
        "sas.Episode",
        "sas.Appeal",
        "sas.StatusHistory",
        "registration.RegistrationReferral",
        "support.Death",
        "support.Action",
        "comms.Message",
        "comms.DeliveryAttempt",
        "portal.AccessCode",
    } <= {m._meta.label for m in PERSON_MODELS}
    assert not {"accounts.Organisation", "accounts.User", "support.DeclineReason"} & {
        m._meta.label for m in PERSON_MODELS
    }


@pytest.mark.parametrize("path", guarded_modules(), ids=lambda p: str(p.relative_to(GATEWAY)))
def test_view_and_api_modules_do_not_query_models_of_a_persons_data(path):
    problems = violations(path.read_text(), _module_name(path))
    assert not problems, (
        f"{path.relative_to(GATEWAY)} reaches data about a person directly; use the app's "
        f"queries (scoped reads) and services (writes): {problems}"
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
        ("def f():\n    return Episode.objects.all()", "gateway.sas.views"),
        ("def f():\n    return StatusHistory._default_manager.all()", "gateway.api.sas"),
        ("from ..models import Need as N\nN.objects.all()", "gateway.support.views"),
        ("def f(m):\n    return m.DeliveryAttempt.objects.all()", "gateway.comms.views"),
        ("apps.get_model('sas.Appeal')", "gateway.sas.views"),
        ("apps.get_model('support', 'meetingattendee')", "gateway.support.views"),
        # A read listed as still in one view is refused in every other view.
        ("Appeal.objects.all()", "gateway.sas.views.reviews"),
        ("Death.objects.all()", "gateway.support.views"),
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
        "Organisation.objects.filter(kind='commissioner')\n"
        "Appeal.Status.LODGED\n"
    )
    assert violations(source, "gateway.audit.views") == []


@isolate_apps("gateway.sas")
def test_a_new_model_linked_to_a_person_is_checked_as_soon_as_it_exists():
    """Self-check: a model added tomorrow, two links from the person, is found, and a view
    querying it fails; a model with no link to a person is not."""
    episode_model = apps.get_model("sas", "Episode")
    organisation_model = apps.get_model("accounts", "Organisation")

    class CarePlan(models.Model):
        episode = models.ForeignKey(episode_model, on_delete=models.PROTECT)

        class Meta:
            app_label = "sas"

        def __str__(self):
            return "care plan"

    class Leaflet(models.Model):
        publisher = models.ForeignKey(organisation_model, on_delete=models.PROTECT)

        class Meta:
            app_label = "sas"

        def __str__(self):
            return "leaflet"

    found = person_data_models([*apps.get_models(), CarePlan, Leaflet])
    assert CarePlan in found
    assert Leaflet not in found
    watched = {m.__name__ for m in found}
    view = "from ..models import CarePlan\n\ndef page(request):\n    CarePlan.objects.all()\n"
    assert violations(view, "gateway.sas.views.care_plans", watched) == ["line 4: CarePlan.objects"]
    assert violations("Leaflet.objects.all()", "gateway.sas.views.leaflets", watched) == []


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
