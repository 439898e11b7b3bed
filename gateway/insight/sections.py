"""The parts of the dashboard, in the order it shows them. Each is a function
``(scope, period) -> Section`` (gateway/insight/figures.py) that counts in the database at a
bounded number of queries; the dashboard, the definitions page and the exports take them from
here, so a new section is added in one place. DEFINITIONS lists each section's definitions
for the definitions page, under the section's title."""

from . import definitions_sas, sections_sas

SECTIONS = [sections_sas.section]

DEFINITIONS = [(sections_sas.KEY, sections_sas.TITLE, definitions_sas.ALL)]


def build(scope, period):
    return [section(scope, period) for section in SECTIONS]
