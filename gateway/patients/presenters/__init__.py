"""How a person's details read on the page: the patient summary and pagination (patients.py), the
contact plan and consents (contact.py)."""

from .patients import (
    date_of_birth_text,
    history_rows,
    nhs_number_text,
    pagination,
    summary_rows,
)

__all__ = [
    "date_of_birth_text",
    "history_rows",
    "nhs_number_text",
    "pagination",
    "summary_rows",
]
