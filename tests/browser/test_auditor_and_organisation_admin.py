"""The auditor's and the organisation admin's work in a real browser, reached from their
home page through links only: the auditor searches the audit trail for a person, downloads
what they found and opens who looked at the record; the organisation admin invites someone,
changes their roles, asks for a colleague's authenticator app to be reset (which a second
admin confirms from their own home page) and deactivates someone. No link they see leads to a
page they may not use. Every page visited has zero axe WCAG 2.2 AA violations at 1280px and
at 320px."""

import csv
import io
import pathlib

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts.models import MfaResetRequest, User
from gateway.nonprod.demo_data import demo_email

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_text(page):
    return page.locator("main").inner_text()


def follow(page, name, check_accessible):
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state()
    check_accessible(page)
    return main_text(page)


def assert_no_forbidden_links(page):
    """Every link in the header and the page opens for this person (no 403 or 404)."""
    hrefs = page.eval_on_selector_all(
        "header a[href^='/'], main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in sorted(set(hrefs)):
        if href.startswith("/sign-out"):
            continue
        status = page.request.get(href).status
        assert status < 400, f"{href} gives {status} on {page.url}"


def test_auditor_searches_the_trail_downloads_it_and_sees_who_looked_at_a_record(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    page = signed_in_page(browser, live_server, check_accessible, "auditor")
    home = main_text(page)
    assert "Find a patient" not in home
    assert "Audit trail" in home
    assert_no_forbidden_links(page)

    text = follow(page, "Search the audit trail", check_accessible)
    assert "Latest entries" in text
    assert_no_forbidden_links(page)

    page.get_by_label("Person's name").fill("Jordan Reeves")
    submit(page, "Search the audit trail", check_accessible)
    assert "/audit/search/" in page.url and "Jordan" not in page.url
    text = main_text(page)
    assert "Entries that match" in text
    assert "Patient record: Jordan Reeves" in text

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download these").click()
    download = waiting.value
    rows = list(csv.reader(io.StringIO(pathlib.Path(download.path()).read_text("utf-8"))))
    assert rows[0][:2] == ["When", "Who"]
    assert any("Patient record: Jordan Reeves" in row for row in rows[1:])

    text = follow(page, "Patient record: Jordan Reeves", check_accessible)
    assert "Who has looked at this record" in text

    page.get_by_role("link", name="Audit trail").first.click()
    page.wait_for_load_state()
    page.get_by_label("What was done").select_option("export")
    submit(page, "Search the audit trail", check_accessible)
    assert "Exported" in page.locator("#entries ~ table, table").first.inner_text()


def test_organisation_admin_manages_their_staff_with_a_second_admin_for_an_mfa_reset(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    page = signed_in_page(browser, live_server, check_accessible, "organisation-admin")
    home = main_text(page)
    assert "Find a patient" not in home
    assert "Your organisation's staff" in home
    assert_no_forbidden_links(page)

    text = follow(page, "Your organisation's staff", check_accessible)
    assert "Sasha Allocation" in text and "Noor Admin" in text
    assert_no_forbidden_links(page)

    # A link drawn as a button (the NHS.UK start-a-task pattern).
    page.get_by_role("button", name="Invite someone").click()
    page.wait_for_load_state()
    check_accessible(page)
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Work email address").fill("nia.newcomer@example.nhs.uk")
    page.get_by_label("SAS practice staff").check()
    submit(page, "Invite them", check_accessible)
    text = main_text(page)
    assert "Nia Newcomer has been invited" in text
    assert "/invitation/" in page.locator("#invitation-link").inner_text()

    text = follow(page, "See Nia Newcomer's roles", check_accessible)
    assert "SAS practice staff" in text
    follow(page, "Change their roles", check_accessible)
    page.get_by_label("Auditor").check()
    submit(page, "Save roles", check_accessible)
    assert "SAS practice staff, Auditor" in main_text(page) or "Auditor, SAS practice staff" in (
        main_text(page)
    )
    follow(page, "Deactivate them", check_accessible)
    submit(page, "Deactivate Nia Newcomer", check_accessible)
    assert "Nia Newcomer can no longer work for" in main_text(page)
    assert not User.objects.get(email="nia.newcomer@example.nhs.uk").is_active

    follow(page, "Sasha Allocation", check_accessible)
    follow(page, "Reset their authenticator app", check_accessible)
    page.get_by_label("Why does their authenticator app need resetting?").fill("New phone")
    submit(page, "Ask for the reset", check_accessible)
    assert "needs a second admin to confirm it" in main_text(page)
    sasha = User.objects.get(email=demo_email("sas-practice-staff"))
    assert TOTPDevice.objects.filter(user=sasha).exists()

    second = signed_in_page(browser, live_server, check_accessible, "second-organisation-admin")
    assert "1 waiting for a second admin" in main_text(second)
    follow(second, "Authenticator app resets to confirm", check_accessible)
    follow(second, "Confirm the reset of Sasha Allocation's app", check_accessible)
    submit(second, "Confirm the reset", check_accessible)
    assert "authenticator app has been reset" in main_text(second)
    assert not TOTPDevice.objects.filter(user=sasha).exists()
    assert MfaResetRequest.objects.get(user=sasha).confirmed_at is not None
