"""A commissioner brings the people already on their scheme from their own spreadsheet (issue
15): an Excel workbook with their own headings, the columns chosen (one by hand, the rest
guessed), the preview with two bad rows explained, a corrected file (its columns remembered),
the people added, and each of them on the SAS episodes list with the next review the policy
(or the earlier date in their records) sets. Zero axe violations on every page visited."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.accounts.models import Organisation
from gateway.core.formats import long_date
from gateway.patients.rules import nhs_number_check_digit
from gateway.sas.queries import policy_in_force
from gateway.sas.rules import add_months

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = [
    "NHS Number",
    "First Name",
    "Surname",
    "Date of Birth",
    "Address",
    "Postcode",
    "Removed by",
    "Allocated SAS surgery",
    "Removal date",
    "Allocation date",
    "Last review",
    "Next review",
    "Notes",
]


def nhs_number(serial):
    for n in range(serial * 10, serial * 10 + 10):
        first_nine = f"99985{n:04d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise ValueError(serial)


def with_wrong_check_digit(number):
    return number[:9] + str((int(number[9]) + 1) % 10)


def rows(today):
    """Three people: one with no review yet, one reviewed, one whose records name an earlier
    next review than the policy would."""
    allocated = today - datetime.timedelta(days=200)
    return [
        [
            nhs_number(1),
            "Robin",
            "Oakhurst",
            datetime.date(1979, 6, 2),
            "4 Marine Parade",
            "BN2 1TL",
            "Y90101",
            "Y90001",
            allocated - datetime.timedelta(days=2),
            allocated,
            None,
            None,
            "Prefers letters in large print",
        ],
        [
            nhs_number(2),
            "Sam",
            "Oakhurst",
            datetime.date(1990, 1, 15),
            "12 Dyke Road",
            "BN1 3FE",
            "Y90102",
            "Y90001",
            today - datetime.timedelta(days=500),
            today - datetime.timedelta(days=498),
            today - datetime.timedelta(days=60),
            None,
            "",
        ],
        [
            nhs_number(3),
            "Jo",
            "Oakhurst",
            datetime.date(1985, 11, 30),
            "NFA",
            "",
            "",
            "Y90002",
            None,
            allocated,
            None,
            today + datetime.timedelta(days=90),
            "Placed by the commissioner after release",
        ],
    ]


def workbook(data):
    book = openpyxl.Workbook()
    book.active.append(HEADINGS)
    for row in data:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(data):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for row in data:
        writer.writerow(
            [
                f"{v:%d/%m/%Y}" if isinstance(v, datetime.date) else ("" if v is None else v)
                for v in row
            ]
        )
    return out.getvalue().encode("utf-8")


def upload(page, name, content, check_accessible):
    page.get_by_label("Upload your caseload spreadsheet").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": content}
    )
    submit(page, "Upload and continue", check_accessible)


def main_text(page):
    return " ".join(page.locator("main").inner_text().split())


def test_a_commissioner_imports_their_caseload_fixes_two_rows_and_finds_the_people(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    today = timezone.localdate()
    good = rows(today)
    bad = [list(r) for r in good]
    bad[0][0] = with_wrong_check_digit(bad[0][0])
    bad[1][7] = "Y90101"  # a GP practice, not an SAS practice
    page = signed_in_page(browser, live_server, check_accessible, "commissioner")

    page.get_by_role("link", name="Import your caseload spreadsheet").click()
    page.wait_for_load_state()
    check_accessible(page)
    upload(page, "sussex-caseload.xlsx", workbook(bad), check_accessible)

    # Their headings are not Gateway's: most are guessed, the SAS practice is chosen by hand.
    assert page.get_by_label("NHS number", exact=True).input_value() == "0"
    assert page.get_by_label("Date allocated", exact=True).input_value() == "9"
    page.get_by_label("SAS practice (ODS code)", exact=True).select_option(
        label="Allocated SAS surgery"
    )
    submit(page, "Check the rows", check_accessible)

    text = main_text(page)
    assert "2 rows cannot be used" in text
    assert "1 person will be added to the scheme in Gateway" in text
    assert (
        "2 NHS number is not valid: enter a valid NHS number — check you typed it correctly."
        in text
    )
    assert "3 SAS practice code Y90101 is not one of your area's SAS practices." in text

    # Fixed in their spreadsheet and uploaded again: the columns are remembered.
    page.get_by_role("link", name="upload it again").click()
    page.wait_for_load_state()
    check_accessible(page)
    upload(page, "sussex-caseload-fixed.csv", as_csv(good), check_accessible)
    assert page.get_by_label("SAS practice (ODS code)", exact=True).input_value() == "7"
    submit(page, "Check the rows", check_accessible)
    assert "Every row can be used: 3 people will be added" in main_text(page)

    submit(page, "Add 3 people", check_accessible)
    text = main_text(page)
    assert "3 people added to the scheme" in text
    assert "3 people added from sussex-caseload-fixed.csv." in text
    for name in ("Robin Oakhurst", "Sam Oakhurst", "Jo Oakhurst"):
        assert name in text

    # On the SAS episodes list, each with the next review set from the policy (or the
    # earlier date in the records).
    commissioner = Organisation.objects.get(ods_code="QNX")
    policy = policy_in_force(commissioner).values()
    expected = {
        "Robin Oakhurst": add_months(good[0][9], policy.first_review_after_months),
        "Sam Oakhurst": add_months(good[1][10], policy.review_every_months),
        "Jo Oakhurst": good[2][11],
    }
    page.get_by_role("link", name="SAS episodes list").click()
    page.wait_for_load_state()
    check_accessible(page)
    page.get_by_text("Search and filter episodes").click()
    page.get_by_label("Name", exact=True).fill("Oakhurst")
    submit(page, "Search", check_accessible)
    for name, due in expected.items():
        row = page.get_by_role("row").filter(has_text=name)
        assert f"Review by {long_date(due)}" in " ".join(row.inner_text().split())

    # The episode's timeline says where it came from, when and by whom.
    page.get_by_role("link", name="Jo Oakhurst").click()
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert (
        f"Imported from sussex-caseload-fixed.csv on {long_date(today)} by Chris Commissioner"
        in text
    )
    assert "Before Gateway" in text
    assert "Notes Placed by the commissioner after release" in text
    assert f"Next review in the records {long_date(good[2][11])}" in text
