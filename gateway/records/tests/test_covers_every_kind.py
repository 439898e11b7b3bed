"""The export covers every kind of record Gateway holds about a person, found the way
tests/test_architecture.py finds them: every model with a chain of foreign keys to the patient.
A model added tomorrow that links to a person fails here until the export includes it (and the
every-kind person has one): nothing about a person can be left out of their copy unnoticed."""

import pytest
from django.apps import apps
from django.db.models import Q

from tests.test_architecture import PERSON_MODELS

pytestmark = pytest.mark.django_db
PATIENT = apps.get_model("patients", "Patient")


def paths_to_the_person(model, depth=4, seen=()):
    """Every chain of foreign keys from model to the patient, as ORM lookups."""
    if model is PATIENT:
        return [""]
    if depth == 0:
        return []
    found = []
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation) or field.related_model in seen:
            continue
        if field.related_model not in PERSON_MODELS:
            continue
        for rest in paths_to_the_person(field.related_model, depth - 1, (*seen, model)):
            found.append(f"{field.name}__{rest}" if rest else field.name)
    return found


def rows_about(model, patient):
    if model is PATIENT:
        return PATIENT.objects.filter(pk=patient.pk).count()
    about = Q()
    for path in paths_to_the_person(model):
        about |= Q(**{path: patient})
    return model._base_manager.filter(about).distinct().count()


@pytest.mark.parametrize(
    "model", sorted(PERSON_MODELS, key=lambda m: m._meta.label), ids=lambda m: m._meta.label
)
def test_every_row_of_every_kind_about_the_person_is_in_the_export(unzipped, everyone, model):
    label = model._meta.label
    in_database = rows_about(model, everyone.patient)
    assert in_database, (
        f"The every-kind person has no {label}: add one to gateway/records/tests/every_kind.py "
        "(and a word for it in WORDS)"
    )
    assert unzipped.data["counts"].get(label) == in_database, (
        f"record.json holds {unzipped.data['counts'].get(label, 0)} {label} of the "
        f"{in_database} about the person: add {label} to the export "
        "(gateway/records/queries/person.py and presenters/parts.py)"
    )


def test_every_kind_has_a_word_the_content_tests_look_for():
    from .every_kind import WORDS

    missing = sorted({m._meta.label for m in PERSON_MODELS} - set(WORDS))
    assert not missing, f"Give {missing} a word in every_kind.WORDS"


def test_the_chains_are_found_as_the_architecture_test_finds_them():
    assert "message__patient" in paths_to_the_person(apps.get_model("comms", "DeliveryAttempt"))
    assert "death__patient" in paths_to_the_person(apps.get_model("support", "DeathRevision"))
    assert "records.SubjectAccessExport" in {m._meta.label for m in PERSON_MODELS}
