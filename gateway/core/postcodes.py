"""UK postcodes, one way of writing them. Organisations (a practice's address and catchment)
and people (their addresses) both use it, so it lives in core, below both."""

import re

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


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
