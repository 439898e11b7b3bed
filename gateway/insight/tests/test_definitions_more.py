"""Every figure and table of the GP registration, multiple-disadvantage and equality sections
has its definition listed for the definitions page, under a key nothing else uses."""

import pytest

from gateway.insight.definitions import equality as definitions_equality
from gateway.insight.definitions import registration as definitions_registration
from gateway.insight.definitions import support as definitions_support
from gateway.insight.sections import equality as sections_equality
from gateway.insight.sections import registration as sections_registration
from gateway.insight.sections import support as sections_support

from .area_world import PERIOD, Area

SECTIONS = [
    (sections_registration, definitions_registration),
    (sections_support, definitions_support),
    (sections_equality, definitions_equality),
]


@pytest.mark.django_db
@pytest.mark.parametrize("section, definitions", SECTIONS)
def test_every_figure_and_table_has_its_definition_listed(section, definitions):
    built = section.section(Area().scope, PERIOD)
    used = [item.definition for item in [*built.figures, *built.tables, *built.charts]]
    assert set(used) <= set(definitions.ALL)
    assert (built.key, built.title) == (section.KEY, section.TITLE)


def test_definition_keys_are_unique_and_every_definition_says_what_it_counts():
    everything = [d for _section, definitions in SECTIONS for d in definitions.ALL]
    keys = [d.key for d in everything]
    assert len(keys) == len(set(keys))
    assert all(d.title and d.meaning.endswith((".", ")")) for d in everything)
