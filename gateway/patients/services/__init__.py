"""Every write to a person's record, one module per part: the patient and their addresses, contact
routes, and consent."""

from .patients import (
    SESSION_DRAFTS,
    SESSION_SEARCHES,
    ConflictError,
    DuplicatePatient,
    LinkRequested,
    LookupLimited,
    create_patient,
    find_duplicates,
    forget_draft,
    recall_draft,
    recall_search,
    remember_draft,
    remember_search,
    update_patient,
)

__all__ = [
    "ConflictError",
    "DuplicatePatient",
    "LinkRequested",
    "LookupLimited",
    "SESSION_DRAFTS",
    "SESSION_SEARCHES",
    "create_patient",
    "find_duplicates",
    "forget_draft",
    "recall_draft",
    "recall_search",
    "remember_draft",
    "remember_search",
    "update_patient",
]
