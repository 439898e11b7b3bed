"""Sections as JSON and back, for the figures the daily job keeps (ADR 0064): every figure,
table and chart of a section (gateway/insight/figures.py) with its definition, exactly as the
section function made them, so a kept section read back equals the live one (tested).

Links to the people behind figures are kept as a viewer allowed to see them would get them
(the job's scope makes them, queries/scope.py) and dropped when read for any other viewer."""

from collections import OrderedDict
from dataclasses import asdict

from .figures import Chart, Definition, Figure, Section, Table


def dumped(sections):
    """The sections as plain JSON values."""
    return [asdict(section) for section in sections]


def loaded(values, *, links=True):
    """Sections from dumped(); without the links to people when links is False."""
    return [_section(value, links) for value in values]


def _definition(value):
    return None if value is None else Definition(**value)


def _figure(value, links):
    return Figure(
        **{
            **value,
            "definition": _definition(value["definition"]),
            "people_url": value["people_url"] if links else None,
        }
    )


def _table(value, links):
    return Table(
        **{
            **value,
            "definition": _definition(value["definition"]),
            "people_urls": value["people_urls"] if links else [None for _ in value["people_urls"]],
            "column_definitions": [_definition(d) for d in value["column_definitions"]],
        }
    )


def _section(value, links):
    return Section(
        key=value["key"],
        title=value["title"],
        figures=[_figure(f, links) for f in value["figures"]],
        tables=[_table(t, links) for t in value["tables"]],
        charts=[
            Chart(
                definition=_definition(c["definition"]),
                svg=c["svg"],
                summary=c["summary"],
                table=_table(c["table"], links),
            )
            for c in value["charts"]
        ],
    )


class Memo:
    """A bounded store of what was made from kept figures (their HTML, the national view),
    by a key naming every input, the time the figures were worked out among them: kept
    figures never change under a key, so what is made from them is the same until the job
    keeps them again (a new time, a new key). The oldest entries go first."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()

    def get(self, key):
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key, value):
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value
