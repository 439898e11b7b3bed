"""Pure rules about a person's identifiers
(docs/domain/identifiers-and-reference-data.md#identifiers-and-reference-data)."""

import re
import unicodedata

# Postcode rules live in core because organisations use them too; a person's are these.
from gateway.core.postcodes import normalise_postcode, postcode_district  # noqa: F401

TEN_DIGITS = re.compile(r"[0-9]{10}")
TEST_RANGE_PREFIX = "999"


def nhs_number_digits(value):
    """Strip the spaces and dashes people type, and turn other scripts' decimal digits (a
    full-width '９' from a phone keyboard, Arabic-Indic '٩') into 0-9, so one number is stored
    one way and the duplicate check finds it. Anything else is left in (a letter, a
    superscript '²'), so the check refuses it and the error can say so."""
    text = re.sub(r"[\s-]", "", str(value or ""))
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def is_ten_digits(digits):
    """Exactly ten of 0-9. Not str.isdigit(), which is also true of superscripts ('²') that
    int() cannot read."""
    return bool(TEN_DIGITS.fullmatch(digits or ""))


def nhs_number_check_digit(first_nine):
    """The Modulus 11 check digit for nine digits, or None when no valid check digit exists
    (remainder gives 10). docs/domain/identifiers-and-reference-data.md#nhs-number."""
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
    if not is_ten_digits(digits):
        return False
    return nhs_number_check_digit(digits[:9]) == int(digits[9])


def is_test_range_nhs_number(digits):
    """The 999 range: valid check digits, never issued to a person
    (docs/domain/identifiers-and-reference-data.md#nhs-number). Demo data and tests use it; a real
    service must not."""
    return digits.startswith(TEST_RANGE_PREFIX)


def is_repeated_digit_nhs_number(digits):
    """0000000000, 1111111111 ...: they pass the check digit but are never issued, and
    spreadsheets use 0000000000 to mean "not known"."""
    return len(digits) == 10 and len(set(digits)) == 1


# Why a typed NHS number is refused, in words the person typing can act on.
NHS_NUMBER_LENGTH_ERROR = "NHS number must be 10 numbers"
NHS_NUMBER_CHECK_ERROR = "Enter a valid NHS number — check you typed it correctly"
NHS_NUMBER_REPEATED_ERROR = (
    "{digits} is not a real NHS number. If you do not know their NHS number, say it is not "
    "known instead"
)
NHS_NUMBER_TEST_RANGE_ERROR = (
    "NHS numbers starting 999 are for testing and are never given to a person. Enter their "
    "real NHS number, or say it is not known"
)


def nhs_number_error(value, *, allow_test_range):
    """None when value (as typed) is an NHS number a person can have; otherwise the plain
    reason it is refused. allow_test_range: true only in demo and test settings."""
    digits = nhs_number_digits(value)
    if not is_ten_digits(digits):
        return NHS_NUMBER_LENGTH_ERROR
    if is_repeated_digit_nhs_number(digits):
        return NHS_NUMBER_REPEATED_ERROR.format(digits=digits)
    if not is_valid_nhs_number(digits):
        return NHS_NUMBER_CHECK_ERROR
    if is_test_range_nhs_number(digits) and not allow_test_range:
        return NHS_NUMBER_TEST_RANGE_ERROR
    return None


# UK mobiles are 07 and nine more digits. 070 (personal numbers) and 076 (pagers, except
# 07624 on the Isle of Man) are not mobiles: a text sent there never reaches the person.
UK_MOBILE = re.compile(r"^07(?:[1-57-9][0-9]{8}|624[0-9]{6})$")


def normalise_uk_mobile(value):
    """'+44 7700 900 123', '(07700) 900123', '447700900123' -> '07700900123'; None when it is
    not a UK mobile number (docs/domain/external-services.md#govuk-notify: Notify texts UK
    mobiles)."""
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
