"""A person's own record in a real browser (ADR 0033): the demo commissioner opens a person's
record, starts a subject access export with the date the request arrived, sees the answer's
deadline and the progress bar, the page moves on by itself when the export is made, and the
ZIP downloads once. Every page visited has zero axe WCAG 2.2 AA violations at 1280px and 320px."""

import datetime
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from gateway.nonprod.demo_data import demo_nhs_number
from gateway.patients.models import Patient
from gateway.records.making import make_export
from gateway.records.models import SubjectAccessExport

from .helpers import fill_date, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_exports_a_persons_record_and_downloads_it_once(
    browser, live_server, check_accessible, monkeypatch
):
    call_command("load_demo", verbosity=0)
    jordan = Patient.objects.get(nhs_number=demo_nhs_number(1))
    # The worker is not running: the export waits, so the progress bar can be seen working.
    monkeypatch.setattr(
        "gateway.records.services.exports.make_subject_access_export",
        SimpleNamespace(enqueue=lambda export_id: None),
    )
    page = signed_in_page(browser, live_server, check_accessible, "commissioner")
    page.goto(f"/patients/{jordan.public_id}")
    page.get_by_role(
        "link", name="Export everything held about this person (subject access request)"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Export everything held about this person"
    )
    check_accessible(page)
    page.get_by_label("Your reference for this request").fill("SAR-2025-031")
    fill_date(page, "id_received_on", datetime.date(2025, 1, 31))
    submit(page, "Put the record together", check_accessible)
    main = page.locator("main")
    assert "28 February 2025" in main.inner_text()
    assert "Waiting to start" in main.inner_text()
    assert page.locator("progress").count() == 1

    export = SubjectAccessExport.objects.get(request_reference="SAR-2025-031")
    make_export(export.pk)  # what the worker does; the open page notices and moves on
    page.get_by_role("button", name="Download the file (once only)").wait_for()
    assert "Ready to download" in main.inner_text()
    check_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file (once only)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert {"summary.pdf", "record.json"} <= set(archive.namelist())
    page.reload()
    assert "Gateway no longer holds the file" in page.locator("main").inner_text()
    check_accessible(page)
