"""Signing in with NHS Care Identity in a real browser: the button on the sign-in page, the
trip to a real OpenID Connect provider on a local port and back, and the refusal page
(docs/adr/0037-staff-sign-in-with-nhs-care-identity.md)."""

import re

import pytest
from django.test import override_settings

from gateway.accounts.tests.oidc_provider import LocalOidcProvider
from gateway.accounts.tests.test_cis2 import ROLE_MAP, cis2_person
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider():
    with (
        LocalOidcProvider() as running,
        override_settings(**running.settings(), CIS2_ROLE_MAP=ROLE_MAP),
    ):
        yield running


def test_a_member_of_staff_signs_in_with_nhs_care_identity(page, provider, check_accessible):
    practice = factories.PracticeFactory(name="Brighton Station Practice")
    cis2_person(provider, roles=[(practice.ods_code, "R8000")])
    page.goto("/sign-in")
    check_accessible(page)
    page.get_by_role("button", name="Sign in with NHS Care Identity").click()
    page.wait_for_url(re.compile(r"/$"))
    main = page.locator("main").inner_text()
    assert "Brighton Station Practice" in page.locator("body").inner_text()
    assert "Enter the code" not in main
    check_accessible(page)


def test_a_person_without_a_gateway_role_is_told_in_plain_words(page, provider, axe_check):
    practice = factories.PracticeFactory()
    cis2_person(provider, roles=[(practice.ods_code, "R9999")])
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in with NHS Care Identity").click()
    page.wait_for_url(re.compile(r"/sign-in/cis2/callback"))
    assert "You cannot sign in to Gateway with NHS Care Identity" in page.locator("h1").inner_text()
    assert "does not have a role that Gateway uses" in page.locator("main").inner_text()
    axe_check(page)
