"""NHS practice data in a real browser: the demo ICB's organisation admin finds the import on
their home page, uploads an epraccur file, reads the preview (a practice to add, one that
changes, a row that cannot be read), confirms and reads the result; the progress bar page of
an import still waiting. Zero axe WCAG 2.2 AA violations on every page at 1280px and 320px."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.demo import DEMO_TOTP_SECRET_HEX
from gateway.accounts.models import Membership, Organisation, Role, User
from gateway.imports.practices.models import PracticeImport
from gateway.imports.practices.tests import epraccur
from gateway.nonprod.demo_data import COMMISSIONER, DEMO_PASSWORD, demo_email

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def icb_admin():
    """An organisation admin of the demo ICB (the demo has none: its admins are a practice's)."""
    email = demo_email("icb-admin")
    user = User.objects.create_user(
        username=email, email=email, full_name="Ira ICB Admin", password=DEMO_PASSWORD
    )
    icb = Organisation.objects.get(name=COMMISSIONER["name"])
    Membership.objects.create(user=user, organisation=icb, role=Role.ORGANISATION_ADMIN)
    TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_SECRET_HEX, confirmed=True)
    return user, icb


def main_text(page):
    return page.locator("main").inner_text()


def test_an_icb_admin_imports_practice_data_with_a_preview(browser, live_server, check_accessible):
    call_command("load_demo", verbosity=0)
    user, icb = icb_admin()
    crawley = Organisation.objects.get(ods_code="Y90002")
    content = epraccur.file(
        epraccur.row("G81001", "BRIGHTON NEW SURGERY", icb="QNX"),
        epraccur.row(
            "Y90002",
            "CRAWLEY SAS PRACTICE",
            icb="QNX",
            postcode=crawley.postcode,
            phone=crawley.phone,
            address=(*crawley.address.splitlines(), "", "", ""),
        ),
        epraccur.row("G81003", "BAD DATE SURGERY", icb="QNX", opened="1974-04-01"),
    )
    page = signed_in_page(browser, live_server, check_accessible, "icb-admin")
    assert "NHS practice data" in main_text(page)
    page.get_by_role("link", name="Import NHS practice data").click()
    page.wait_for_load_state()
    check_accessible(page)

    page.get_by_label("NHS practice data file").set_input_files(
        files=[{"name": "epraccur.csv", "mimeType": "text/csv", "buffer": content}]
    )
    submit(page, "Check the file", check_accessible)

    text = main_text(page)
    assert "Check what the file will change" in text
    assert "Practices to add\t1" in text or "Practices to add\n1" in text
    assert "BRIGHTON NEW SURGERY" in text
    page.get_by_role("link", name="Practices that change (1)").click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "Name: Crawley SAS Practice (demo) to CRAWLEY SAS PRACTICE" in main_text(page)
    page.get_by_role("link", name="Rows that cannot be read (1)").click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "The open date '1974-04-01' is not a date written as CCYYMMDD" in main_text(page)
    assert not Organisation.objects.filter(ods_code="G81001").exists()

    submit(page, "Update the practices", check_accessible)

    text = main_text(page)
    assert "Practices updated" in text
    assert "1 added, 1 changed and 0 closed, by Ira ICB Admin" in text
    assert Organisation.objects.get(ods_code="G81001").commissioner == icb
    crawley.refresh_from_db()
    assert crawley.name == "CRAWLEY SAS PRACTICE"

    # An import still waiting to be checked shows the progress bar.
    waiting = PracticeImport.objects.create(
        organisation=icb, uploaded_by=user, filename="epraccur.csv", sha256="0" * 64
    )
    page.goto(f"/imports/practices/{waiting.public_id}/")
    check_accessible(page)
    text = main_text(page)
    assert "Checking the file" in text
    assert "Waiting to start" in text
    assert "You can leave this page and come back: the work carries on." in text
