"""What people see when they type something wrong: plain errors, and their typing kept."""

import datetime

import pytest
from django.urls import reverse

from gateway.patients.forms import PatientForm
from gateway.patients.models import Patient
from tests.factories import PartnerFactory

from .helpers import patient_form_data


def errors_of(**overrides):
    form = PatientForm(patient_form_data(**overrides))
    form.is_valid()
    return form.errors


@pytest.mark.django_db
class TestNhsNumber:
    def test_spaces_and_dashes_are_allowed(self):
        form = PatientForm(patient_form_data(nhs_number="943-476 5919"))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["nhs_number"] == "9434765919"

    def test_too_few_numbers_says_it_must_be_10(self):
        assert errors_of(nhs_number="943476591")["nhs_number"] == ["NHS number must be 10 numbers"]

    def test_letters_say_it_must_be_10_numbers(self):
        assert errors_of(nhs_number="94347659AB")["nhs_number"] == ["NHS number must be 10 numbers"]

    def test_wrong_check_digit_asks_to_check_typing(self):
        assert errors_of(nhs_number="9434765918")["nhs_number"] == [
            "Enter a valid NHS number — check you typed it correctly"
        ]

    def test_not_known_needs_a_reason(self):
        errors = errors_of(nhs_number_known="no", nhs_number="")
        assert errors["nhs_number_unknown_reason"] == ["Select why their NHS number is not known"]

    def test_not_known_with_a_reason_is_accepted_and_any_typed_number_dropped(self):
        form = PatientForm(
            patient_form_data(
                nhs_number_known="no", nhs_number="123", nhs_number_unknown_reason="trace_pending"
            )
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["nhs_number"] == ""

    def test_another_reason_needs_telling_more(self):
        errors = errors_of(nhs_number_known="no", nhs_number_unknown_reason="other")
        assert "nhs_number_unknown_detail" in errors

    def test_one_or_the_other_is_required(self):
        errors = errors_of(nhs_number_known="")
        assert errors["nhs_number_known"] == ["Select yes if you know their NHS number"]


@pytest.mark.django_db
class TestDateOfBirth:
    def test_tomorrow_is_refused(self):
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        errors = errors_of(
            date_of_birth_day=str(tomorrow.day),
            date_of_birth_month=str(tomorrow.month),
            date_of_birth_year=str(tomorrow.year),
        )
        assert errors["date_of_birth"] == ["Date of birth must be today or in the past"]

    def test_before_1900_is_refused(self):
        assert "date_of_birth" in errors_of(date_of_birth_year="1899")

    def test_estimated_flag_is_kept(self):
        form = PatientForm(patient_form_data(date_of_birth_is_estimated="on"))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["date_of_birth_is_estimated"] is True


@pytest.mark.django_db
class TestAdjustmentsAndAddress:
    def test_interpreter_needs_a_language(self):
        errors = errors_of(adjustments=["interpreter"])
        assert errors["interpreter_language"] == ["Enter the language they need an interpreter for"]

    def test_home_address_needs_a_postcode(self):
        assert errors_of(postcode="")["postcode"] == ["Enter their postcode"]

    def test_hostel_postcode_must_be_real(self):
        errors = errors_of(address_kind="hostel", postcode="not a postcode")
        assert errors["postcode"] == ["Enter a real postcode, like BN1 1AA"]

    def test_no_fixed_abode_needs_no_postcode(self):
        form = PatientForm(
            patient_form_data(address_kind="no_fixed_abode", address_line_1="", postcode="")
        )
        assert form.is_valid(), form.errors

    def test_care_of_needs_the_organisation(self):
        errors = errors_of(address_kind="care_of", address_line_1="", postcode="")
        assert errors["care_of_organisation"] == ["Choose the organisation they get post through"]

    def test_care_of_an_organisation_is_accepted(self):
        partner = PartnerFactory()
        form = PatientForm(
            patient_form_data(
                address_kind="care_of",
                care_of_organisation=str(partner.public_id),
                address_line_1="",
                postcode="",
            )
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["care_of_organisation"] == partner

    def test_postcode_is_normalised(self):
        form = PatientForm(patient_form_data(postcode="bn11aa"))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["postcode"] == "BN1 1AA"


@pytest.mark.django_db
def test_bad_nhs_number_and_future_date_of_birth_show_errors_and_keep_typing(staff_client):
    client, _, _ = staff_client("practice_staff")
    next_year = str(datetime.date.today().year + 1)
    response = client.post(
        reverse("patients:create"),
        patient_form_data(
            nhs_number="943 476 5918",
            given_name="Sam",
            date_of_birth_year=next_year,
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "Enter a valid NHS number — check you typed it correctly" in page
    assert "Date of birth must be today or in the past" in page
    assert 'value="943 476 5918"' in page
    assert f'value="{next_year}"' in page
    assert 'value="Sam"' in page


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.django_db
class TestNhsNumberRules:
    """docs/domain/identifiers-and-reference-data.md#nhs-number: 10 digits 0-9 with the right check
    digit, never a test or made-up number."""

    def test_nhs_number_with_a_superscript_digit_is_an_error_on_the_page_not_a_crash(
        self, staff_client
    ):
        client, _, _ = staff_client("practice_staff")
        response = client.post(
            reverse("patients:create"), patient_form_data(nhs_number="943476591²")
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "NHS number must be 10 numbers" in page
        assert 'value="943476591²"' in page

    def test_nhs_number_in_full_width_digits_is_stored_as_0_to_9_and_found_as_a_duplicate(
        self, staff_client
    ):
        client, _, organisation = staff_client("practice_staff")
        response = client.post(
            reverse("patients:create"),
            patient_form_data(nhs_number="９４３ ４７６ ５９１９"),
            follow=True,
        )
        assert "The patient has been added to Gateway" in response.content.decode()
        assert Patient.objects.get().nhs_number == "9434765919"

        again = client.post(
            reverse("patients:create"),
            patient_form_data(nhs_number="9434765919".translate(FULL_WIDTH), given_name="Sam"),
        )
        page = client.get(again["Location"]).content.decode()
        assert "Create a new record anyway" not in page
        assert Patient.objects.count() == 1

    def test_nhs_number_0000000000_is_refused_and_points_to_not_known(self):
        assert errors_of(nhs_number="000 000 0000")["nhs_number"] == [
            "0000000000 is not a real NHS number. If you do not know their NHS number, say it "
            "is not known instead"
        ]

    def test_nhs_number_in_the_999_test_range_is_refused_outside_demo_and_test_settings(
        self, settings
    ):
        settings.ALLOW_TEST_NHS_NUMBERS = False
        assert errors_of(nhs_number="999 000 0018")["nhs_number"] == [
            "NHS numbers starting 999 are for testing and are never given to a person. Enter "
            "their real NHS number, or say it is not known"
        ]
        assert PatientForm(patient_form_data(nhs_number="9434765919")).is_valid()

    def test_nhs_number_in_the_999_test_range_is_allowed_in_test_settings(self):
        assert PatientForm(patient_form_data(nhs_number="999 000 0018")).is_valid()
