"""The same person twice, in a real browser (docs/adr/0040): the commissioner opens the list
of records that may be the same person, sees the pair with its reason, links the two records
(the kept record says who linked them and when, and shows both histories), then undoes it (the
two records are apart again). Every page visited has zero axe WCAG 2.2 AA violations at
1280px and at 320px."""

import datetime

import pytest
from django.core.management import call_command

from gateway.accounts.models import Organisation, Role, User
from gateway.comms.models import Message
from gateway.nonprod.demo_data import demo_email
from gateway.patients.models import PatientLink
from gateway.sas.tests.factories import EpisodeFactory
from tests import factories

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BORN = datetime.date(1961, 3, 14)


def main_text(page):
    return " ".join(page.locator("main").inner_text().split())


def test_commissioner_links_two_records_of_one_person_and_undoes_it(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    chris = User.objects.get(username=demo_email("commissioner"))
    icb = chris.memberships.get(role=Role.COMMISSIONER).organisation
    practice = Organisation.objects.filter(commissioner=icb).order_by("pk").first()

    def record(**kwargs):
        patient = factories.PatientFactory(
            given_name="Quill",
            family_name="Ambersley",
            date_of_birth=BORN,
            created_by_organisation=practice,
            related_to=[icb],
            **kwargs,
        )
        factories.AddressFactory(patient=patient, postcode="BN1 1AA")
        return patient

    kept = record()
    duplicate = record(nhs_number="", nhs_number_unknown_reason="not_given")
    EpisodeFactory(patient=duplicate, commissioner=icb, removing_practice=practice)
    Message.objects.create(kind=Message.Kind.LETTER, template="t", patient=kept, created_for=icb)

    page = signed_in_page(browser, live_server, check_accessible, "commissioner")
    page.goto("/patients/duplicates")
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert "Records that may be the same person" in text
    row = page.locator("tr", has_text="Quill Ambersley")
    assert " ".join(row.inner_text().split()) == (
        "Quill Ambersley Born 14 March 1961 Quill Ambersley Born 14 March 1961 "
        "Same name and date of birth Check and link Quill Ambersley and Quill Ambersley"
    )

    row.get_by_role("link", name="Check and link").click()
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert "Record to keep" in text and "Record to link into it" in text
    assert "These records cannot be linked yet" not in text
    submit(page, "Link as one person", check_accessible)

    link = PatientLink.objects.get(undone_at__isnull=True)
    # Whichever record the finder put first is the one kept; the page we land on is its own.
    kept_record, other = link.kept, link.duplicate
    assert {kept_record, other} == {kept, duplicate}
    text = main_text(page)
    assert "The two records are linked as one person" in text
    assert f"Linked on {link.created_at:%-d %B %Y} by {chris.display_name}, {icb.name}." in text
    history = " ".join(
        page.get_by_role("table", name="History of both records").inner_text().split()
    )
    assert "SAS episode: Reported" in history
    assert "Message: Letter" in history
    assert "This record" in history and "Quill Ambersley (linked)" in history

    page.goto(f"/patients/{other.public_id}")
    page.wait_for_load_state()
    check_accessible(page)
    assert "which is the record to keep" in main_text(page)

    page.goto(f"/patients/{kept_record.public_id}")
    page.wait_for_load_state()
    undo = "Undo the link to Quill Ambersley's record"
    page.locator("main").get_by_role("link", name=undo).click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "Undoing it shows the two records apart again" in main_text(page)
    submit(page, "Undo the link", check_accessible)
    text = main_text(page)
    assert "The link is undone. The two records are shown apart again" in text
    assert "Linked records" not in text and "History of both records" not in text
    link.refresh_from_db()
    assert link.undone_by == chris and link.undone_at is not None

    page.goto(f"/patients/{other.public_id}")
    page.wait_for_load_state()
    check_accessible(page)
    text = main_text(page)
    assert "which is the record to keep" not in text
    assert "History of both records" not in text
