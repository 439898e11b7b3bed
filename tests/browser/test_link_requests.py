"""A request to see a person's record, in a real browser (ADR 0035): the demo practice asked
to add someone already on Gateway whom it cannot see; the commissioner follows the count on
their home page to the list, opens the request, links the practice, and the practice's home
page names the person, whose record it now opens. Every page visited has zero axe WCAG 2.2 AA
violations at 1280px and at 320px."""

import pytest
from django.core.management import call_command

from gateway.accounts.models import Organisation, Role, User
from gateway.nonprod.demo_data import demo_email
from gateway.patients.models import PatientRelationship
from gateway.patients.queries import visible_patients
from gateway.patients.services.patients import request_link

from .helpers import choose, signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_text(page):
    return " ".join(page.locator("main").inner_text().split())


def test_commissioner_links_a_practice_to_a_person_it_asked_to_add(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    priya = User.objects.get(username=demo_email("practice-staff"))
    chris = User.objects.get(username=demo_email("commissioner"))
    preston = priya.memberships.get(role=Role.PRACTICE_STAFF).organisation
    icb = Organisation.objects.get(pk=preston.commissioner_id)
    person = (
        visible_patients(chris, icb)
        .exclude(pk__in=visible_patients(priya, preston).values("pk"))
        .order_by("pk")
        .first()
    )
    request_link(priya, preston, person)

    page = signed_in_page(browser, live_server, check_accessible, "commissioner")
    page.locator("main").get_by_role("link", name="1 request to see a person's record").click()
    page.wait_for_load_state()
    check_accessible(page)
    assert "Requests to see a person's record" in main_text(page)
    assert preston.name in main_text(page)
    page.locator("main").get_by_role(
        "link", name=f"{person.family_name}, {person.given_name}"
    ).click()
    page.wait_for_load_state()
    check_accessible(page)
    assert f"{preston.name} tried to add this person." in main_text(page)
    choose(page, "What do you want to do?", f"Link: let {preston.name} see the person's record")
    submit(page, "Save decision", check_accessible)
    assert f"{preston.name} can now see {person.full_name}'s record" in main_text(page)
    assert "There are no requests waiting for you." in main_text(page)
    assert PatientRelationship.objects.filter(
        patient=person, organisation=preston, kind="linked", is_active=True
    ).exists()

    page = signed_in_page(browser, live_server, check_accessible, "practice-staff")
    assert f"{person.full_name} is now on your records." in main_text(page)
    page.locator("main").get_by_role("link", name=person.full_name).click()
    page.wait_for_load_state()
    check_accessible(page)
    assert person.family_name in main_text(page)
