"""A commissioner with SAS practices, a removing practice and a policy, and caseload files
written as commissioners keep them (their headings, not Gateway's)."""

import csv
import datetime
import io
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gateway.accounts.models import Role
from gateway.sas.tests.factories import SchemePolicyFactory
from tests.factories import (
    CommissionerFactory,
    MembershipFactory,
    PracticeFactory,
    SasPracticeFactory,
    test_nhs_number,
)

HEADINGS = [
    "NHS No",
    "Forename",
    "Surname",
    "DOB",
    "Address 1",
    "Address 2",
    "Town",
    "Post Code",
    "Removing Practice",
    "SAS Practice",
    "Date of Removal",
    "Date Allocated",
    "Last Review",
    "Next Review Due",
    "Comments",
]


def area():
    commissioner = CommissionerFactory()
    SchemePolicyFactory(
        commissioner=commissioner,
        effective_from=datetime.date(2000, 1, 1),
        first_review_after_months=12,
        review_every_months=12,
    )
    user = MembershipFactory(organisation=commissioner, role=Role.COMMISSIONER).user
    return SimpleNamespace(
        commissioner=commissioner,
        user=user,
        sas=SasPracticeFactory(commissioner=commissioner, ods_code="Y91001"),
        removing=PracticeFactory(commissioner=commissioner, ods_code="Y91101"),
        elsewhere_sas=SasPracticeFactory(ods_code="Y92001"),
    )


def person(**changes):
    """One row as the commissioner's spreadsheet has it (dd/mm/yyyy dates)."""
    today = timezone.localdate()
    row = {
        "NHS No": test_nhs_number(),
        "Forename": "Alex",
        "Surname": "Taylor",
        "DOB": "14/03/1985",
        "Address 1": "Flat 2",
        "Address 2": "10 Queens Road",
        "Town": "Brighton",
        "Post Code": "bn1 3xe",
        "Removing Practice": "Y91101",
        "SAS Practice": "Y91001",
        "Date of Removal": (today - datetime.timedelta(days=400)).strftime("%d/%m/%Y"),
        "Date Allocated": (today - datetime.timedelta(days=398)).strftime("%d/%m/%Y"),
        "Last Review": (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "Next Review Due": "",
        "Comments": "Prefers morning appointments",
    }
    row.update(changes)
    return row


def csv_file(rows, name="caseload.csv", headings=HEADINGS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")
