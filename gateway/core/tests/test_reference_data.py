"""Reference data the migrations seed must be there for every test and every run, including
after a transactional test has emptied the tables."""

import pytest

from gateway.core.reference_data import reseed, seeders
from gateway.registration.models import RefusalReason
from gateway.support.models import DeclineReason, FrailtyBandTable


def test_every_registry_seeding_migration_is_marked_as_reference_data():
    names = {f"{seed.__module__.rsplit('.', 1)[-1]}.{seed.__name__}" for seed in seeders()}
    assert {
        "0002_refusal_reasons.add",
        "0002_frailty_bands_uk_toolkit.seed",
        "0004_decline_reasons.add",
    } <= names


@pytest.mark.django_db
def test_reseed_puts_back_registries_emptied_by_a_flush():
    RefusalReason.objects.all().delete()
    DeclineReason.objects.all().delete()
    FrailtyBandTable.objects.all().delete()

    reseed()
    reseed()  # idempotent: a second run adds nothing

    assert RefusalReason.objects.filter(code="no_proof_of_address").count() == 1
    assert DeclineReason.objects.filter(code="needs_too_high").count() == 1
    table = FrailtyBandTable.objects.get()
    assert table.bands.count() == 5
