"""Postal address rules for letters (docs/domain/external-services.md#govuk-notify, GOV.UK Notify's
address rules): 3 to 7 lines, the last a real UK postcode, and never "no fixed abode" — a letter
there reaches nobody."""

import re

from django.core.exceptions import ValidationError

from gateway.core.postcodes import normalise_postcode

MIN_LINES = 3
MAX_LINES = 7
NO_FIXED_ABODE = re.compile(r"\b(no fixed abode|nfa)\b", re.IGNORECASE)


def clean_lines(lines):
    return [str(line).strip() for line in lines or () if str(line).strip()]


def validate_postal_address(lines):
    """Raise ValidationError saying what is wrong with a letter's address and what to do."""
    lines = clean_lines(lines)
    if any(NO_FIXED_ABODE.search(line) for line in lines):
        raise ValidationError(
            "This person has no fixed abode, so a letter cannot be posted to them. Send it by "
            "text or email, to a care-of address, or give it to their support worker.",
            code="no_fixed_abode",
        )
    if len(lines) < MIN_LINES:
        raise ValidationError(
            f"The address has {len(lines)} line{'s' if len(lines) != 1 else ''}. A letter needs "
            f"at least {MIN_LINES}, including the name and a postcode. Add the missing lines.",
            code="too_few_lines",
        )
    if len(lines) > MAX_LINES:
        raise ValidationError(
            f"The address has {len(lines)} lines. A letter can have at most {MAX_LINES}. "
            "Join some lines together.",
            code="too_many_lines",
        )
    if normalise_postcode(lines[-1]) is None:
        raise ValidationError(
            "The last line of the address must be a UK postcode, like SW1A 1AA. Put the "
            "postcode on its own line at the end.",
            code="no_postcode",
        )
    return lines[:-1] + [normalise_postcode(lines[-1])]
