"""One history of a person across the apps that hold it, for the record page of a person
whose duplicate record is linked into theirs (docs/adr/0040). Each app above this one
registers a source with ``history_source`` in its AppConfig.ready; a source decides itself
whether the viewer may read its part (fails closed: no permission, no rows). The caller
passes only records the organisation may already see, so a link widens nobody's view."""

from dataclasses import dataclass
from datetime import date

# Each source returns at most this many rows per call: a bounded page section.
ROWS_PER_SOURCE = 50

_sources = []


@dataclass(frozen=True)
class HistoryItem:
    on: date
    kind: str
    text: str
    patient_id: int


def history_source(function):
    """Register ``function(user, organisation, patient_ids, limit) -> list of HistoryItem``
    (one query or a fixed few)."""
    _sources.append(function)
    return function


def history_of(user, organisation, patients):
    """What every app holds about ``patients`` (already visible to the organisation), newest
    first, each row naming the record it belongs to."""
    ids = [patient.pk for patient in patients]
    if not ids:
        return []
    items = []
    for source in _sources:
        items.extend(source(user, organisation, ids, ROWS_PER_SOURCE))
    return sorted(items, key=lambda item: (item.on, item.kind, item.text), reverse=True)
