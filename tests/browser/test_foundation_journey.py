"""The foundation's "done when" journey, as a person would do it in a browser: sign in with a
demo user's password and the demo authenticator code, add a patient (meeting clear errors
first, with what they typed kept), find them, open the record. Every page visited has zero
axe WCAG 2.2 AA violations at 1280px and at 320px."""

import datetime
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.nonprod.demo_data import DEMO_PASSWORD, demo_email
from gateway.patients.models import Patient
from gateway.patients.rules import nhs_number_check_digit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_test_nhs_number():
    """A valid 999-range number that neither the demo nor the factories use."""
    for n in range(1000):
        first_nine = f"99955{n:04d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise AssertionError("no test NHS number found")


def with_wrong_check_digit(nhs_number):
    return nhs_number[:9] + str((int(nhs_number[9]) + 1) % 10)


def spaced(nhs_number):
    return f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}"


def sign_in(page, check_accessible, email):
    page.goto("/sign-in")
    check_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/sign-in/verify")
    check_accessible(page)
    code = f"{totp(bytes.fromhex(DEMO_TOTP_SECRET_HEX)):06d}"
    page.get_by_label("Enter the code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))


def fill_date_of_birth(page, date):
    dob = page.get_by_role("group", name=re.compile("Date of birth"))
    dob.get_by_label("Day").fill(str(date.day))
    dob.get_by_label("Month").fill(str(date.month))
    dob.get_by_label("Year").fill(str(date.year))


def test_staff_sign_in_with_mfa_add_a_patient_find_them_and_open_the_record(page, check_accessible):
    call_command("load_demo", verbosity=0)
    nhs_number = new_test_nhs_number()
    typo = with_wrong_check_digit(nhs_number)
    next_year = datetime.date.today().year + 1

    # Sign in as the published demo practice-staff user, with the demo MFA code.
    sign_in(page, check_accessible, demo_email("practice-staff"))
    assert "Preston Park Surgery (demo)" in page.locator("header").inner_text()
    check_accessible(page)

    # Patients, then "Add a patient".
    page.locator("header").get_by_role("link", name="Patients").first.click()
    page.wait_for_url("**/patients/")
    check_accessible(page)
    page.get_by_role("link", name="Add a patient").click()
    page.wait_for_url("**/patients/new")
    check_accessible(page)

    # A mistyped NHS number and a date of birth in the future.
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_label("NHS number", exact=True).fill(spaced(typo))
    page.get_by_label("First name", exact=True).fill("Morgan")
    page.get_by_label("Last name", exact=True).fill("Ellery")
    fill_date_of_birth(page, datetime.date(next_year, 6, 1))
    page.get_by_role("radio", name="Not known", exact=True).check()
    page.get_by_role("radio", name="No fixed abode", exact=True).check()
    page.get_by_label("Town or city").fill("Brighton")
    page.get_by_role("button", name="Add patient").click()

    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "Enter a valid NHS number" in summary.inner_text()
    assert "Date of birth must be today or in the past" in summary.inner_text()
    # What was typed is kept, so the person fixes only what is wrong.
    assert page.get_by_label("NHS number", exact=True).input_value() == spaced(typo)
    assert page.get_by_label("First name", exact=True).input_value() == "Morgan"
    dob = page.get_by_role("group", name=re.compile("Date of birth"))
    assert dob.get_by_label("Year").input_value() == str(next_year)
    assert page.get_by_role("radio", name="No fixed abode", exact=True).is_checked()
    # The error summary links take keyboard users to the field.
    summary.get_by_role("link", name=re.compile("NHS number")).click()
    assert page.evaluate("() => document.activeElement.name") == "nhs_number"
    check_accessible(page)

    # Corrected, the patient is added and their record opens.
    page.get_by_label("NHS number", exact=True).fill(spaced(nhs_number))
    fill_date_of_birth(page, datetime.date(1990, 6, 1))
    page.get_by_role("button", name="Add patient").click()
    page.wait_for_url(re.compile(r"/patients/[0-9a-f-]{36}$"))
    assert "has been added to Gateway" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "Morgan Ellery" in page.locator("h1").inner_text()
    check_accessible(page)
    patient = Patient.objects.get(nhs_number=nhs_number)
    assert page.url.endswith(f"/patients/{patient.public_id}")

    # Find them by NHS number: the number goes in the form, never the URL.
    page.locator("header").get_by_role("link", name="Patients").first.click()
    page.wait_for_url("**/patients/")
    page.locator("form").get_by_label("NHS number", exact=True).fill(spaced(nhs_number))
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/patients/results/**")
    assert nhs_number not in page.url and "Ellery" not in page.url
    results = page.locator("main")
    assert "1 patient found by NHS number" in results.inner_text()
    check_accessible(page)

    # Open the record from the results.
    page.get_by_role("link", name="Ellery, Morgan").click()
    page.wait_for_url(f"**/patients/{patient.public_id}")
    record = page.locator("main").inner_text()
    assert spaced(nhs_number) in record
    assert "1 June 1990" in record
    check_accessible(page)
