"""Reads for a person's own record, one module per part: everything Gateway holds about one
person, from every app (person.py), and the subject access exports themselves (exports.py)."""

from .exports import exports_asked_for_by, get_own_export, get_visible_patient
from .person import Names, everything_about, is_letter, letter_content

__all__ = [
    "Names",
    "everything_about",
    "exports_asked_for_by",
    "get_own_export",
    "get_visible_patient",
    "is_letter",
    "letter_content",
]
