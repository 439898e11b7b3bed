"""Pages carry the security headers OWASP ASVS asks for, and pages that may show personal
data are never stored by the browser or a proxy."""

import re

import pytest
from django.urls import reverse

from gateway.accounts.models import Role


@pytest.fixture
def home_page(staff_client):
    client, _, _ = staff_client(Role.PRACTICE_STAFF)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_content_security_policy_allows_only_our_own_and_nonced_scripts(home_page):
    policy = home_page["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    assert directives["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    # The inline script in the page carries the same nonce, so it runs and nothing else does.
    assert f'nonce="{nonce}"' in home_page.content.decode()


@pytest.mark.django_db
def test_each_page_gets_a_fresh_nonce(staff_client):
    client, _, _ = staff_client(Role.PRACTICE_STAFF)
    first = client.get(reverse("core:home"))["Content-Security-Policy"]
    second = client.get(reverse("core:home"))["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group() != re.search(r"'nonce-[^']+'", second).group()


@pytest.mark.django_db
def test_pages_cannot_be_framed_or_sniffed_and_leak_no_referrer(home_page):
    assert home_page["X-Frame-Options"] == "DENY"
    assert home_page["X-Content-Type-Options"] == "nosniff"
    assert home_page["Referrer-Policy"] == "same-origin"
    assert home_page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in home_page["Permissions-Policy"]
    assert "geolocation=()" in home_page["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_are_never_cached(home_page):
    assert "no-store" in home_page["Cache-Control"]


@pytest.mark.django_db
def test_sign_in_page_has_the_same_protection(client):
    response = client.get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert "'nonce-" in response["Content-Security-Policy"]
