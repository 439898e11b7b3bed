"""The shapes the API accepts and returns. Field names follow the Patient model; dates are
ISO 8601 (YYYY-MM-DD)."""

import datetime
import uuid

from ninja import Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

NUL_CHARACTER = "Remove the hidden NUL character (\\u0000) from this text: it cannot be stored"


class In(Schema):
    """What the API accepts. No text may hold a NUL character (\\u0000), which PostgreSQL
    cannot store: the caller is told which field, as Django's forms refuse it on the pages
    (ProhibitNullCharactersValidator), rather than the database failing the request."""

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_character(cls, value):
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise PydanticCustomError("nul_character", NUL_CHARACTER)
        return value


class AddressIn(In):
    kind: str = ""
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    care_of_organisation: uuid.UUID | None = None


class PatientIn(In):
    nhs_number: str = ""
    nhs_number_unknown_reason: str = ""
    nhs_number_unknown_detail: str = ""
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: str = ""
    date_of_birth_is_estimated: bool = False
    sex: str = "not_known"
    gender_identity: str = ""
    pronouns: str = ""
    # NHS Data Dictionary ethnic category code: A to S, Z (not stated) or 99 (not known,
    # the default when left out).
    ethnic_category: str = ""
    needs_interpreter: bool = False
    interpreter_language: str = ""
    needs_bsl: bool = False
    needs_easy_read: bool = False
    needs_large_print: bool = False
    other_adjustments: str = ""
    address: AddressIn | None = None
    confirmed_not_duplicate: bool = False


class AddressOut(Schema):
    kind: str
    lines: list[str]
    postcode: str
    is_current: bool
    care_of_organisation: uuid.UUID | None = None


class ReasonableAdjustments(Schema):
    needs_interpreter: bool
    interpreter_language: str
    needs_bsl: bool
    needs_easy_read: bool
    needs_large_print: bool
    other_adjustments: str


class PatientOut(Schema):
    public_id: uuid.UUID
    version: int
    nhs_number: str | None
    nhs_number_unknown_reason: str | None
    nhs_number_unknown_detail: str
    title: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: datetime.date
    date_of_birth_is_estimated: bool
    sex: str
    gender_identity: str
    pronouns: str
    ethnic_category: str
    reasonable_adjustments: ReasonableAdjustments
    addresses: list[AddressOut]


class Errors(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Duplicate(Schema):
    detail: str
    existing_records: list[uuid.UUID]
    can_create_anyway: bool
