"""Pure rules about a person: their identifiers (identifiers.py) and which contact routes may carry
a message (contact.py)."""

from .identifiers import (
    is_valid_nhs_number,
    nhs_number_check_digit,
    nhs_number_digits,
    nhs_number_error,
    normalise_postcode,
    normalise_uk_mobile,
    postcode_district,
)

__all__ = [
    "normalise_postcode",
    "is_valid_nhs_number",
    "nhs_number_check_digit",
    "nhs_number_digits",
    "nhs_number_error",
    "normalise_uk_mobile",
    "postcode_district",
]
