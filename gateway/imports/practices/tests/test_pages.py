"""The staff page for NHS practice data, as an organisation admin of a commissioner meets it:
upload, the check's preview (what will be added, changed and closed, and the rows that cannot
be read), confirm, the result; who may use it; the home page's alert for the commissioner."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gateway.accounts.models import Organisation, PracticeClosure, Role
from gateway.audit.models import AuditEvent
from gateway.imports.practices.models import PracticeImport
from gateway.sas.tests.factories import OnScheme
from tests.factories import CommissionerFactory, MembershipFactory, PracticeFactory

from . import epraccur

pytestmark = pytest.mark.django_db


def text_of(response):
    """The words on the page, as a person reads them (no tags)."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


@pytest.fixture
def admin(staff_client):
    commissioner = CommissionerFactory(ods_code="QNX", name="NHS Sussex ICB")
    client, user, _ = staff_client(Role.ORGANISATION_ADMIN, commissioner)
    return client, user, commissioner


def upload(client, content, capture, name="epraccur.csv"):
    """Upload the file; the check runs as the request's transaction commits (the test
    settings run background tasks at once), then the page it went to is read."""
    with capture(execute=True):
        response = client.post(
            reverse("imports:practices"),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )
    return client.get(response.url) if response.status_code == 302 else response


def test_upload_preview_confirm_and_result(admin, django_capture_on_commit_callbacks):
    client, user, commissioner = admin
    PracticeFactory(
        ods_code="G81002",
        name="HOVE MEDICAL CENTRE",
        commissioner=commissioner,
        postcode="BN3 1AA",
        address="HEALTH CENTRE\n1 HIGH STREET\nBRIGHTON\nEAST SUSSEX",
        phone="01273 111111",
    )
    content = epraccur.file(
        epraccur.row("G81001", "BRIGHTON HEALTH CENTRE", icb="QNX"),
        epraccur.row("G81002", "HOVE MEDICAL CENTRE", icb="QNX", postcode="BN3 1AA"),
        epraccur.row("G81003", "BAD DATE SURGERY", icb="QNX", opened="1974-04-01"),
    )
    assert "Import NHS practice data" in text_of(client.get(reverse("imports:practices")))

    response = upload(client, content, django_capture_on_commit_callbacks)

    page = text_of(response)
    assert "Check what the file will change" in page
    assert "Rows in the file 3" in page
    assert "Practices to add 1" in page
    assert "Practices that change 1" in page
    assert "Rows that cannot be read 1" in page
    assert "Rows that cannot be read will not be imported. The other rows will." in page
    assert "Practices to add (1)" in page
    assert "BRIGHTON HEALTH CENTRE" in page
    assert "Postcode: BN1 1AA" in page
    assert "Commissioner: NHS Sussex ICB" in page
    # Nothing written before the confirmation.
    assert not Organisation.objects.filter(ods_code="G81001").exists()
    assert Organisation.objects.get(ods_code="G81002").phone == "01273 111111"
    practice_import = PracticeImport.objects.get()
    url = reverse("imports:practice-import", kwargs={"public_id": practice_import.public_id})
    changes = text_of(client.get(url, {"show": "change"}))
    assert "Phone: 01273 111111 to 01273 000000" in changes
    problems = text_of(client.get(url, {"show": "problem"}))
    assert (
        "Line 3 ODS code G81003 Reason The open date '1974-04-01' is not a date written as "
        "CCYYMMDD, like 20240131" in problems
    )
    progress = client.get(
        reverse("imports:practice-import-progress", kwargs={"public_id": practice_import.public_id})
    ).json()
    assert progress["finished"] is True

    confirm_url = reverse(
        "imports:practice-import-confirm", kwargs={"public_id": practice_import.public_id}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url)

    page = text_of(client.get(url))
    assert "Practices updated" in page
    assert f"1 added, 1 changed and 0 closed, by {user.display_name}" in page
    added = Organisation.objects.get(ods_code="G81001")
    assert (added.name, added.postcode, added.commissioner) == (
        "BRIGHTON HEALTH CENTRE",
        "BN1 1AA",
        commissioner,
    )
    assert Organisation.objects.get(ods_code="G81002").phone == "01273 000000"
    assert not Organisation.objects.filter(ods_code="G81003").exists()
    practice_import.refresh_from_db()
    assert bytes(practice_import.content) == b""  # the file is not kept once applied
    assert (
        AuditEvent.objects.filter(
            actor=user,
            object_type="accounts.Organisation",
            detail__import=str(practice_import.public_id),
        ).count()
        == 2
    )
    # A second press finds it already applied.
    response = client.post(confirm_url, follow=True)
    assert "There is nothing to change" not in text_of(response)
    assert "already been confirmed" in text_of(response)

    # The same file again: no changes, nothing to confirm.
    page = text_of(upload(client, content, django_capture_on_commit_callbacks))
    assert "No changes: the practices in Gateway already match this file." in page
    assert "Update the practices" not in page


def test_a_file_that_cannot_be_read_stops_with_the_reason(
    admin, django_capture_on_commit_callbacks
):
    client, _, _ = admin
    page = text_of(upload(client, b"\x00\x01\x02", django_capture_on_commit_callbacks))
    assert "The import stopped" in page
    assert "The file is not a CSV file. Save it as CSV (UTF-8)." in page
    page = text_of(upload(client, b"x", django_capture_on_commit_callbacks, name="practices.xlsx"))
    assert "The file must be a CSV file, like epraccur.csv" in page


def test_only_an_organisation_admin_of_a_commissioner_may_import(staff_client):
    practice = PracticeFactory()
    client, _, _ = staff_client(Role.ORGANISATION_ADMIN, practice)
    assert client.get(reverse("imports:practices")).status_code == 403
    commissioner = CommissionerFactory()
    client, _, _ = staff_client(Role.COMMISSIONER, commissioner)
    assert client.get(reverse("imports:practices")).status_code == 403


def test_another_commissioner_s_import_looks_like_a_missing_one(admin, staff_client):
    client, user, commissioner = admin
    theirs = PracticeImport.objects.create(
        organisation=CommissionerFactory(), uploaded_by=user, filename="e.csv", sha256="0" * 64
    )
    url = reverse("imports:practice-import", kwargs={"public_id": theirs.public_id})
    assert client.get(url).status_code == 404


def test_the_commissioner_sees_a_closing_practice_s_alert_on_their_home_page(client):
    from conftest import sign_in

    on_scheme = OnScheme()
    PracticeClosure.objects.create(
        practice=on_scheme.sas_practice,
        commissioner=on_scheme.commissioner,
        closed_on="2026-03-01",
        people_on_scheme=1,
    )
    member = MembershipFactory(organisation=on_scheme.commissioner, role=Role.COMMISSIONER)
    sign_in(client, member.user, on_scheme.commissioner)
    page = text_of(client.get(reverse("core:home")))
    assert "Practices closing with people on the scheme" in page
    assert (
        f"{on_scheme.sas_practice.name} ({on_scheme.sas_practice.ods_code}) closed on "
        "1 March 2026: 1 person on the scheme, 0 open registration referrals" in page
    )
