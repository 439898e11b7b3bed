"""The shapes the API accepts and returns. Field names follow the Patient model; dates are
ISO 8601 (YYYY-MM-DD)."""

import datetime
import uuid

from ninja import Schema


class AddressIn(Schema):
    kind: str = ""
    line_1: str = ""
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    care_of_organisation: uuid.UUID | None = None


class PatientIn(Schema):
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
