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


# UK mobiles are 07 and nine more digits. 070 (personal numbers) and 076 (pagers, except
# 07624 on the Isle of Man) are not mobiles: a text sent there never reaches the person.
UK_MOBILE = re.compile(r"^07(?:[1-57-9][0-9]{8}|624[0-9]{6})$")


def normalise_uk_mobile(value):
    """'+44 7700 900 123', '(07700) 900123', '447700900123' -> '07700900123'; None when it is
    not a UK mobile number (DOMAIN §6: Notify texts UK mobiles)."""
    compact = re.sub(r"[\s().-]", "", str(value or ""))
    if compact.startswith("+44"):
        compact = "0" + compact[3:]
    elif compact.startswith("0044"):
        compact = "0" + compact[4:]
    elif compact.startswith("44") and len(compact) == 12:
        compact = "0" + compact[2:]
    if compact.startswith("00"):  # +44 (0)7700 ... typed with the trunk zero kept
        compact = compact[1:]
    return compact if UK_MOBILE.match(compact) else None
