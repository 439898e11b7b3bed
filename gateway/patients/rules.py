"""Pure rules about a person's identifiers (DOMAIN.md §5)."""

import re

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def nhs_number_digits(value):
    """Strip the spaces and dashes people type. Returns the digits, or the original text if
    anything else is in it (so the error can say so)."""
    return re.sub(r"[\s-]", "", str(value or ""))


def nhs_number_check_digit(first_nine):
    """The Modulus 11 check digit for nine digits, or None when no valid check digit exists
    (remainder gives 10). DOMAIN.md §5."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value):
    """True when value is 10 digits whose last digit is the Modulus 11 check digit."""
    digits = nhs_number_digits(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_number_check_digit(digits[:9]) == int(digits[9])


def normalise_postcode(value):
    """'bn11aa' -> 'BN1 1AA'; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    match = POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode):
    """The outward code of a postcode: 'BN1 1AA' -> 'BN1'."""
    normal = normalise_postcode(postcode)
    return normal.split(" ")[0] if normal else None
