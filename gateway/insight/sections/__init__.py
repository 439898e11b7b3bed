"""The parts of the dashboard, in the order it shows them. Each is a function
``(scope, period) -> Section`` (gateway/insight/figures.py) that counts in the database at a
bounded number of queries; the dashboard, the definitions page and the exports take them from
here, so a new section is added in one place. DEFINITIONS lists each section's definitions
for the definitions page, under the section's title."""

from ..definitions import equality as definitions_equality
from ..definitions import registration as definitions_registration
from ..definitions import sas as definitions_sas
from ..definitions import support as definitions_support
from . import equality as sections_equality
from . import registration as sections_registration
from . import sas as sections_sas
from . import support as sections_support

SECTIONS = [
    sections_sas.section,
    sections_registration.section,
    sections_support.section,
    sections_equality.section,
]

DEFINITIONS = [
    (sections_sas.KEY, sections_sas.TITLE, definitions_sas.ALL),
    (sections_registration.KEY, sections_registration.TITLE, definitions_registration.ALL),
    (sections_support.KEY, sections_support.TITLE, definitions_support.ALL),
    (sections_equality.KEY, sections_equality.TITLE, definitions_equality.ALL),
]


def build(scope, period):
    return [section(scope, period) for section in SECTIONS]
