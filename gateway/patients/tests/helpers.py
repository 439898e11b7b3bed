"""Form data a person would type to add a patient, for tests."""

from tests.factories import test_nhs_number


def patient_form_data(**overrides):
    data = {
        "nhs_number_known": "yes",
        "nhs_number": test_nhs_number(),
        "given_name": "Jordan",
        "family_name": "Rivers",
        "date_of_birth_day": "14",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1985",
        "sex": "not_known",
        "address_kind": "home",
        "address_line_1": "1 Test Street",
        "town": "Brighton",
        "postcode": "bn1 1aa",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
