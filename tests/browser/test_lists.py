"""A list people can work with, in the browser: the commissioner opens the SAS episodes from
the menu, searches by name and filters by state, sorts by a column heading, and sees the
download link; no name reaches the address bar. Every page has zero axe WCAG 2.2 AA
violations at 1280px and 320px (check_accessible), with the search form open."""

import pytest
from django.core.management import call_command

from .helpers import signed_in_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_commissioner_searches_filters_and_sorts_the_episode_list(
    browser, live_server, check_accessible
):
    call_command("load_demo", verbosity=0)
    commissioner = signed_in_page(browser, live_server, check_accessible, "commissioner")
    commissioner.get_by_role("link", name="SAS episodes").first.click()
    check_accessible(commissioner)
    first_name = commissioner.locator("tbody tr td a").first.inner_text()
    family = first_name.split()[-1]

    commissioner.get_by_text("Search and filter episodes").click()
    check_accessible(commissioner)
    commissioner.get_by_label("Name", exact=True).fill(family)
    submit(commissioner, "Search", check_accessible)
    names = commissioner.locator("tbody tr td:first-child a").all_inner_texts()
    assert names and all(family in name for name in names)
    assert family.lower() not in commissioner.url.lower()
    assert "match" in commissioner.locator("main").inner_text()

    commissioner.locator("thead a").filter(has_text="Patient").click()
    commissioner.wait_for_load_state()
    check_accessible(commissioner)
    assert "sort=patient" in commissioner.url
    assert commissioner.locator("th[aria-sort=ascending]").inner_text().startswith("Patient")
    assert family.lower() not in commissioner.url.lower()
    csv = commissioner.get_by_role("link", name="Download these episodes as a spreadsheet (CSV)")
    assert csv.count() == 1

    commissioner.get_by_label("State").select_option(label="On the scheme (all)")
    submit(commissioner, "Search", check_accessible)
    assert "sort=patient" in commissioner.url
    main = commissioner.locator("main").inner_text()
    assert "match" in main or "No episodes match your search" in main
