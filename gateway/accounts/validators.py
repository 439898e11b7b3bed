"""Checks on organisation identifiers
(docs/domain/identifiers-and-reference-data.md#ods-practice-code)."""

import re

from django.core.exceptions import ValidationError

GP_PRACTICE_ODS = re.compile(r"^[A-Z][0-9]{5}$")
ORGANISATION_ODS = re.compile(r"^[A-Z0-9]{3,6}$")
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def validate_gp_practice_ods_code(value):
    if not GP_PRACTICE_ODS.match(value or ""):
        raise ValidationError(
            "Enter the practice's ODS code as 1 letter and 5 numbers, like A12345",
            code="invalid_ods",
        )


def validate_organisation_ods_code(value):
    if value and not ORGANISATION_ODS.match(value):
        raise ValidationError(
            "Enter an ODS code of 3 to 6 capital letters and numbers, like QNQ", code="invalid_ods"
        )


def normalise_postcode_districts(value):
    """Turn 'bn1, BN2 ,bn3' or a list into ['BN1', 'BN2', 'BN3'], refusing anything that is
    not a postcode district."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    districts = []
    for raw in items:
        district = str(raw).strip().upper().replace(" ", "")
        if not district:
            continue
        if not POSTCODE_DISTRICT.match(district):
            raise ValidationError(
                f"'{raw.strip()}' is not a postcode district. Enter districts like BN1 or SW1A",
                code="invalid_district",
            )
        if district not in districts:
            districts.append(district)
    return districts


def validate_postcode_districts(value):
    normalise_postcode_districts(value)
