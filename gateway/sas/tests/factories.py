"""Builders for the scheme's tests (kept here, not in tests/factories.py, while the app grows)."""

import datetime

import factory

from gateway.sas.models import Episode, SchemePolicy
from gateway.sas.states import State
from tests.factories import CommissionerFactory, PatientFactory, PracticeFactory


class SchemePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemePolicy

    commissioner = factory.SubFactory(CommissionerFactory)
    version = 1
    effective_from = datetime.date(2025, 4, 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    commissioner = factory.SubFactory(CommissionerFactory)
    removing_practice = factory.SubFactory(
        PracticeFactory, commissioner=factory.SelfAttribute("..commissioner")
    )
    patient = factory.SubFactory(
        PatientFactory, created_by_organisation=factory.SelfAttribute("..removing_practice")
    )
    state = State.REPORTED
