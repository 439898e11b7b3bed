"""Round trips of the import pages (gateway/imports): the file a commissioner uploads is the
file Gateway keeps, byte for byte; the column chosen for each field and whether to remember
them are what the import and the remembered columns store; the choice to add only the good
rows is kept on the import."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.imports.caseloads.forms import ApplyForm, ColumnsForm
from gateway.imports.caseloads.forms import UploadForm as CaseloadUploadForm
from gateway.imports.caseloads.mapping import FIELDS
from gateway.imports.caseloads.models import CaseloadImport, RememberedColumns
from gateway.imports.practices.forms import UploadForm as PracticeUploadForm
from gateway.imports.practices.models import PracticeImport
from gateway.imports.practices.tests import epraccur
from gateway.imports.tests.caseloads.helpers import HEADINGS, area, csv_file, person
from tests import factories

from .harness import RoundTrip, check, page_errors, scenario, submit

pytestmark = pytest.mark.django_db

# The helpers' headings and one more, so every Gateway field can have a column of its own.
EVERY_HEADING = [*HEADINGS, "Patient Name"]


def _kept(name, content):
    return ContentFile(bytes(content), name=name)


def _signed_in_area(client):
    place = area()
    sign_in(client, place.user, place.commissioner)
    return place


def _uploaded(client, rows):
    file = csv_file(rows, headings=EVERY_HEADING)
    sent = submit(client, reverse("imports:caseload-upload"), {"file": file})
    assert sent.status_code == 302, page_errors(sent)
    return file, CaseloadImport.objects.latest("created_at")


def _row(**changes):
    return {**person(**changes), "Patient Name": "Alex Taylor"}


@scenario(CaseloadUploadForm)
def upload_a_caseload(client):
    _signed_in_area(client)
    file, work = _uploaded(client, [_row()])
    assert work.headings == EVERY_HEADING
    return RoundTrip(
        CaseloadUploadForm, {"file": file}, {"file": _kept(work.file_name, work.content)}
    )


def test_an_uploaded_caseload_is_kept_byte_for_byte_until_it_is_imported(client):
    check(upload_a_caseload(client))


def _every_column():
    """Each Gateway field given a column of its own (the whole name as well as its parts)."""
    by_heading = {
        "nhs_number": "NHS No",
        "given_name": "Forename",
        "family_name": "Surname",
        "full_name": "Patient Name",
        "date_of_birth": "DOB",
        "address_line_1": "Address 1",
        "address_line_2": "Address 2",
        "town": "Town",
        "postcode": "Post Code",
        "removing_practice": "Removing Practice",
        "sas_practice": "SAS Practice",
        "removed_on": "Date of Removal",
        "allocated_on": "Date Allocated",
        "last_reviewed_on": "Last Review",
        "next_review_on": "Next Review Due",
        "notes": "Comments",
    }
    assert set(by_heading) == {field.key for field in FIELDS}
    return {key: str(EVERY_HEADING.index(heading)) for key, heading in by_heading.items()}


@scenario(ColumnsForm)
def choose_the_columns(client):
    place = _signed_in_area(client)
    _, work = _uploaded(client, [_row()])
    data = {**_every_column(), "remember": "on"}
    url = reverse("imports:caseload-columns", kwargs={"public_id": work.public_id})
    sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    work.refresh_from_db()
    remembered = RememberedColumns.objects.get(organisation=place.commissioner).headings
    # Remembered by heading, so the next file's columns are found by name.
    assert remembered == {key: EVERY_HEADING[int(index)] for key, index in _every_column().items()}
    return RoundTrip(
        ColumnsForm,
        data,
        {
            **{field.key: work.mapping[field.key] for field in FIELDS},
            "remember": RememberedColumns.objects.filter(organisation=place.commissioner).exists(),
        },
        form_kwargs={"headings": work.headings},
    )


def test_the_columns_chosen_are_kept_on_the_import_and_remembered(client):
    check(choose_the_columns(client))


@scenario(ApplyForm)
def add_only_the_good_rows(client, django_capture_on_commit_callbacks):
    _signed_in_area(client)
    _, work = _uploaded(client, [_row(), _row(**{"DOB": "31/02/1985"})])
    columns = reverse("imports:caseload-columns", kwargs={"public_id": work.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        chosen = submit(client, columns, {**_every_column(), "remember": "on"})
    assert chosen.status_code == 302, page_errors(chosen)
    data = {"good_rows_only": "on"}
    url = reverse("imports:caseload", kwargs={"public_id": work.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        sent = submit(client, url, data)
    assert sent.status_code == 302, page_errors(sent)
    work.refresh_from_db()
    assert work.step == CaseloadImport.Step.APPLY
    return RoundTrip(ApplyForm, data, {"good_rows_only": work.good_rows_only})


def test_the_choice_to_add_only_the_good_rows_is_kept_on_the_import(
    client, django_capture_on_commit_callbacks
):
    check(add_only_the_good_rows(client, django_capture_on_commit_callbacks))


@scenario(PracticeUploadForm)
def upload_the_practice_data_file(client):
    commissioner = factories.CommissionerFactory(ods_code="QNX")
    admin = factories.MembershipFactory(
        organisation=commissioner, role=Role.ORGANISATION_ADMIN
    ).user
    sign_in(client, admin, commissioner)
    content = epraccur.file(epraccur.row("G81002", "MOULSECOOMB SURGERY", commissioner="QNX"))
    file = SimpleUploadedFile("epraccur.csv", content, content_type="text/csv")
    sent = submit(client, reverse("imports:practices"), {"file": file})
    assert sent.status_code == 302, page_errors(sent)
    kept = PracticeImport.objects.get(organisation=commissioner)
    return RoundTrip(
        PracticeUploadForm, {"file": file}, {"file": _kept(kept.filename, kept.content)}
    )


def test_the_practice_data_file_is_kept_byte_for_byte_until_it_is_checked(client):
    check(upload_the_practice_data_file(client))
