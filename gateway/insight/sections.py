"""The parts of the dashboard, in the order it shows them. Each is a function
``(scope, period) -> Section`` (gateway/insight/figures.py) that counts in the database at a
bounded number of queries; the dashboard, the definitions page and the exports take them from
here, so a new section is added in one place. DEFINITIONS lists each section's definitions
for the definitions page, under the section's title."""

from . import (
    definitions_equality,
    definitions_registration,
    definitions_sas,
    definitions_support,
    sections_equality,
    sections_registration,
    sections_sas,
    sections_support,
)

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
