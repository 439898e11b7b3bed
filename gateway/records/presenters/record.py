"""A person's own record as one structure, from which both record.json and the summary PDF
are made, so the two always say the same: parts, each a list of entries, each entry a record
with its fields (as JSON and as words), its own parts (an episode's history, a message's
delivery) and what was left out of it and why (rules/withholding.py).

Every record put in is counted by kind (``counts``): the export says how many of each kind it
holds, and a test checks those against the database for every kind of record about a person."""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps

from ..rules import NOT_INCLUDED, withheld_from
from .parts import CHILDREN, PARTS, title_of
from .values import field_guide, field_label, read_field, technical

PATIENT = "patients.Patient"


@dataclass
class Entry:
    kind: str
    title: str
    values: dict
    words: list  # (label, text) for each field with something to show
    children: list = field(default_factory=list)  # (key, title, [Entry] or Entry or None)
    withheld: list = field(default_factory=list)
    file: str = ""

    def as_json(self):
        data = dict(self.values)
        if self.withheld:
            data["withheld_fields"] = sorted({name for w in self.withheld for name in w.fields})
        if self.file:
            data["file"] = self.file
        for key, _, child in self.children:
            data[key] = (
                child.as_json()
                if isinstance(child, Entry)
                else (None if child is None else [c.as_json() for c in child])
            )
        return data


@dataclass
class Section:
    key: str
    title: str
    intro: str
    entries: list


class RecordBuilder:
    """Turns rows into entries, counting each and applying the withholding rules. ``files``
    maps a message's id to its letter's path in the ZIP."""

    def __init__(self, names, files=None):
        self.names = names
        self.files = files or {}
        self.counts = Counter()
        self.withheld = []

    def entry(self, obj, parent=None):
        kind = obj._meta.label
        self.counts[kind] += 1
        skipped = technical(type(obj)) | set(NOT_INCLUDED.get(kind, {}).get("fields", ()))
        raw, values, words = {}, {}, []
        for model_field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
            if model_field.name in skipped or _points_at(model_field, (PATIENT, parent)):
                continue
            if not model_field.many_to_many:
                raw[model_field.name] = model_field.value_from_object(obj)
            value, text = read_field(obj, model_field, self.names)
            values[model_field.name] = value
            if text:
                words.append((model_field.name, field_label(model_field), text))
        withheld = withheld_from(kind, raw)
        hidden = {name for item in withheld for name in item.fields}
        for name in hidden:
            values[name] = None
        for item in withheld:
            self.withheld.append((kind, getattr(obj, "public_id", None), title_of(obj), item))
        entry = Entry(
            kind=kind,
            title=title_of(obj),
            values=values,
            words=[(label, text) for name, label, text in words if name not in hidden],
            withheld=withheld,
            file=self.files.get(obj.pk, "") if kind == "comms.Message" else "",
        )
        for attribute, key, title, single in CHILDREN.get(kind, ()):
            entry.children.append((key, title, self._child(obj, attribute, single, kind)))
        return entry

    def _child(self, obj, attribute, single, kind):
        if single:
            related = getattr(obj, attribute, None)  # a missing one-to-one raises: None here
            return None if related is None else self.entry(related, parent=kind)
        return [self.entry(row, parent=kind) for row in getattr(obj, attribute).all()]

    def sections(self, record):
        found = []
        for part in PARTS:
            rows = list(record.parts[part.key])
            found.append(Section(part.key, part.title, part.intro, [self.entry(r) for r in rows]))
        return found


def _points_at(model_field, labels):
    related = getattr(model_field, "related_model", None)
    return related is not None and not model_field.many_to_many and related._meta.label in labels


def guide_for(kinds):
    """What each key means, for each kind of record in the export."""
    return {kind: field_guide(apps.get_model(kind)) for kind in sorted(kinds)}
