"""Every write to a person's record, one module per part: the patient and their addresses, contact
routes, consent, and the commissioner's decisions on requests to link to a person."""

from . import link_requests
from .link_requests import AlreadyDecided
from .links import LINK
from .made_in_error import MARK
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
    "AlreadyDecided",
    "link_requests",
    "ConflictError",
    "DuplicatePatient",
    "LinkRequested",
    "LINK",
    "LookupLimited",
    "MARK",
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
