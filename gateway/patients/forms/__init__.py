"""Forms for finding, adding and changing a person, and for their contact routes and consents."""

from .patients import (
    ADDRESS_FIELDS,
    ADJUSTMENT_FIELDS,
    PATIENT_FIELDS,
    PatientChangeForm,
    PatientForm,
    PatientSearchForm,
    clean_ethnic_category,
    clean_nhs_number,
    ethnic_category_field,
)

__all__ = [
    "ADDRESS_FIELDS",
    "ADJUSTMENT_FIELDS",
    "PATIENT_FIELDS",
    "PatientChangeForm",
    "PatientForm",
    "PatientSearchForm",
    "clean_ethnic_category",
    "clean_nhs_number",
    "ethnic_category_field",
]
