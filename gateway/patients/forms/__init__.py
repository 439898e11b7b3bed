"""Forms for finding, adding and changing a person, and for their contact routes and consents."""

from .patients import (
    ADDRESS_FIELDS,
    ADJUSTMENT_FIELDS,
    PATIENT_FIELDS,
    PatientChangeForm,
    PatientForm,
    PatientSearchForm,
    clean_nhs_number,
)

__all__ = [
    "ADDRESS_FIELDS",
    "ADJUSTMENT_FIELDS",
    "PATIENT_FIELDS",
    "PatientChangeForm",
    "PatientForm",
    "PatientSearchForm",
    "clean_nhs_number",
]
