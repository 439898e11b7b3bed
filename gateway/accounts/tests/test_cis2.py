"""Staff sign-in with NHS Care Identity (CIS2) against a real OpenID Connect provider on a
local port (oidc_provider.py): the browser is sent there, comes back with a code, and Gateway
exchanges it over HTTP for signed tokens (docs/adr/0037-staff-sign-in-with-nhs-care-identity.md)."""

import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from gateway.accounts.models import Cis2Identity, Membership, Role
from gateway.accounts.rules import cis2_roles
from gateway.audit.models import AuditEvent
from tests import factories

from .helpers import page_text, post_password
from .oidc_provider import LocalOidcProvider

pytestmark = pytest.mark.django_db

ROLE_MAP = {
    # Clinical practitioner: practice staff at a practice (and SAS staff at an SAS practice),
    # a commissioner at an ICB.
    "R8000": {
        "gp_practice": ["practice_staff", "sas_practice_staff"],
        "commissioner": ["commissioner"],
    },
    # Admin and clerical: organisation admin anywhere.
    "R8008": {"gp_practice": ["organisation_admin"], "commissioner": ["organisation_admin"]},
}


@pytest.fixture
def provider():
    with (
        LocalOidcProvider() as running,
        override_settings(**running.settings(), CIS2_ROLE_MAP=ROLE_MAP),
    ):
        yield running


def cis2_person(provider, *, roles, acr="AAL3_ANY", email="sam.jones@nhs.net", sub=None):
    """Who the provider will sign in next: roles as (ODS code, CIS2 role code) pairs."""
    sub = sub or uuid.uuid4().hex
    provider.person = {"sub": sub, "acr": acr, "email": email}
    provider.userinfo = {
        "name": "Sam Jones",
        "email": email,
        "nhsid_useruid": sub,
        "nhsid_nrbac_roles": [
            {
                "person_roleid": f"{n:012d}",
                "org_code": ods_code,
                "role_name": '"Clinical":"Clinical Provision":"GP"',
                "role_code": f"S8000:G8000:{role_code}",
            }
            for n, (ods_code, role_code) in enumerate(roles, start=1)
        ],
    }
    return sub


def sign_in_with_cis2(client, next_url=None):
    """Click the button, let the provider's page send the browser back (real HTTP), and
    follow it into Gateway. Returns Gateway's answer to the callback."""
    start = reverse("accounts:cis2-start") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlparse(back.headers["Location"])
    assert callback.path == reverse("accounts:cis2-callback")
    return client.get(callback.path, parse_qs(callback.query))


def test_a_cis2_sign_in_maps_organisation_and_role_and_counts_as_mfa(client, provider):
    practice = factories.SasPracticeFactory()
    sub = cis2_person(provider, roles=[(practice.ods_code, "R8000")])
    client.get(reverse("accounts:sign-in"))
    before = client.session.session_key
    response = sign_in_with_cis2(client)
    assert response.status_code == 302 and response["Location"] == "/"

    user = Cis2Identity.objects.get(subject=sub).user
    assert (user.email, user.full_name, user.has_usable_password()) == (
        "sam.jones@nhs.net",
        "Sam Jones",
        False,
    )
    memberships = Membership.objects.filter(user=user)
    assert {(m.organisation, m.role, m.source, m.is_active) for m in memberships} == {
        (practice, Role.PRACTICE_STAFF, "cis2", True),
        (practice, Role.SAS_PRACTICE_STAFF, "cis2", True),
    }
    # Signed in with MFA done: straight to their home page, no code step, a new session key.
    assert client.session.session_key != before
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert practice.name in page_text(home)
    assert client.get(reverse("accounts:verify"))["Location"] == "/"
    assert AuditEvent.objects.filter(action="mfa", actor=user, detail__result="cis2").exists()
    assert AuditEvent.objects.filter(action="sign_in", actor=user, detail__step="cis2").exists()
    # Gateway asked for the assurance level, the roles and PKCE, and checked the keys.
    assert provider.requests[-3:] == [
        ("POST", "/token"),
        ("GET", "/jwks"),
        ("GET", "/userinfo"),
    ]


def test_a_person_with_no_role_gateway_uses_is_refused_in_plain_words(client, provider):
    practice = factories.PracticeFactory()
    unknown_org = "Z99999"
    cis2_person(provider, roles=[(practice.ods_code, "R9999"), (unknown_org, "R8000")])
    response = sign_in_with_cis2(client)
    assert response.status_code == 403
    text = page_text(response)
    assert "You cannot sign in to Gateway with NHS Care Identity" in text
    assert "does not have a role that Gateway uses" in text
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="sam.jones@nhs.net").exists()
    assert AuditEvent.objects.filter(
        action="sign_in_failed", detail__reason="no role Gateway uses"
    ).exists()


def test_a_sign_in_below_the_assurance_level_is_refused(client, provider):
    practice = factories.PracticeFactory()
    cis2_person(provider, roles=[(practice.ods_code, "R8000")], acr="AAL1_USERPASS")
    response = sign_in_with_cis2(client)
    assert response.status_code == 403
    assert "not strong enough for Gateway" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_roles_cis2_no_longer_gives_stop_working_at_the_next_sign_in(client, provider):
    practice = factories.PracticeFactory()
    commissioner = factories.CommissionerFactory()
    sub = cis2_person(
        provider, roles=[(practice.ods_code, "R8000"), (commissioner.ods_code, "R8008")]
    )
    sign_in_with_cis2(client)
    user = Cis2Identity.objects.get(subject=sub).user
    given_in_gateway = factories.MembershipFactory(
        user=user, organisation=commissioner, role=Role.AUDITOR
    )
    client.post(reverse("accounts:sign-out"))

    cis2_person(provider, roles=[(practice.ods_code, "R8000")], sub=sub)
    assert sign_in_with_cis2(client).status_code == 302
    active = {
        (m.organisation_id, m.role) for m in Membership.objects.filter(user=user, is_active=True)
    }
    assert active == {
        (practice.pk, Role.PRACTICE_STAFF),
        (commissioner.pk, Role.AUDITOR),  # given in Gateway: left alone
    }
    given_in_gateway.refresh_from_db()
    assert given_in_gateway.source == "gateway"


def test_only_the_role_chosen_at_cis2_counts(client, provider):
    practice = factories.PracticeFactory()
    commissioner = factories.CommissionerFactory()
    sub = cis2_person(
        provider, roles=[(practice.ods_code, "R8000"), (commissioner.ods_code, "R8000")]
    )
    provider.userinfo["selected_roleid"] = f"{2:012d}"
    sign_in_with_cis2(client)
    user = Cis2Identity.objects.get(subject=sub).user
    assert {(m.organisation, m.role) for m in user.memberships.all()} == {
        (commissioner, Role.COMMISSIONER)
    }


def test_an_invited_account_with_the_same_email_is_linked_not_copied(client, provider):
    membership = factories.MembershipFactory(role=Role.PRACTICE_STAFF)
    existing = membership.user
    sub = cis2_person(
        provider, roles=[(membership.organisation.ods_code, "R8000")], email=existing.email
    )
    assert sign_in_with_cis2(client).status_code == 302
    assert Cis2Identity.objects.get(subject=sub).user == existing
    assert get_user_model().objects.filter(email__iexact=existing.email).count() == 1
    # Their password still works too (for organisations that keep both), and still needs its
    # own authenticator app: the CIS2 sign-in is no second factor for a password.
    client.post(reverse("accounts:sign-out"))
    assert post_password(client, existing.email)["Location"] == reverse("accounts:set-up-mfa")


def test_a_disabled_gateway_account_stays_out(client, provider):
    practice = factories.PracticeFactory()
    sub = cis2_person(provider, roles=[(practice.ods_code, "R8000")])
    sign_in_with_cis2(client)
    user = Cis2Identity.objects.get(subject=sub).user
    user.is_active = False
    user.save()
    client.post(reverse("accounts:sign-out"))
    response = sign_in_with_cis2(client)
    assert response.status_code == 403
    assert "Your Gateway account is turned off" in page_text(response)


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"iss": "http://127.0.0.1:9/elsewhere"}, "The id_token is from another issuer"),
        ({"aud": "another-client"}, "The id_token is for another client"),
    ],
    ids=["another issuer", "another client"],
)
def test_a_token_from_another_issuer_or_for_another_client_is_refused(
    client, provider, override, reason
):
    practice = factories.PracticeFactory()
    cis2_person(provider, roles=[(practice.ods_code, "R8000")])
    provider.token_overrides = override
    response = sign_in_with_cis2(client)
    assert response.status_code == 400
    assert "We could not sign you in with NHS Care Identity" in page_text(response)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sign_in_failed", detail__reason=reason).exists()
    assert not Cis2Identity.objects.exists()


def test_the_provider_refusing_shows_a_plain_page(client, provider):
    client.get(reverse("accounts:cis2-start"))
    response = client.get(reverse("accounts:cis2-callback"), {"error": "access_denied"})
    assert response.status_code == 400
    assert "We could not sign you in with NHS Care Identity" in page_text(response)


def test_a_safe_next_page_is_kept_through_cis2(client, provider):
    practice = factories.PracticeFactory()
    cis2_person(provider, roles=[(practice.ods_code, "R8000")])
    response = sign_in_with_cis2(client, next_url="/organisation")
    assert response["Location"] == "/organisation"


def test_the_button_shows_only_when_cis2_is_turned_on(client, provider):
    html = page_text(client.get(reverse("accounts:sign-in")))
    assert "Sign in with NHS Care Identity" in html
    assert f'href="{reverse("accounts:cis2-start")}"' in html
    with override_settings(OIDC_ENABLED=False):
        assert "NHS Care Identity" not in page_text(client.get(reverse("accounts:sign-in")))
        assert client.get(reverse("accounts:cis2-start")).status_code == 404
        assert client.get(reverse("accounts:cis2-callback")).status_code == 404


def test_cis2_roles_rule_gives_only_roles_the_organisation_can_have():
    practice = factories.PracticeFactory.build(ods_code="A12345")
    sas = factories.SasPracticeFactory.build(ods_code="B12345")
    organisations = {"A12345": practice, "B12345": sas}
    rbac = [
        {"org_code": "a12345", "role_code": "S8000:G8000:R8000", "person_roleid": "1"},
        {"org_code": "B12345", "role_code": "R8000", "person_roleid": "2"},
        {"org_code": "C12345", "role_code": "R8000", "person_roleid": "3"},
        "not a role",
    ]
    assert cis2_roles(rbac, ROLE_MAP, organisations) == {
        ("A12345", "practice_staff"),
        ("B12345", "practice_staff"),
        ("B12345", "sas_practice_staff"),
    }
    assert cis2_roles(rbac, {}, organisations) == set()
    assert cis2_roles(rbac, ROLE_MAP, organisations, selected_role_id="2") == {
        ("B12345", "practice_staff"),
        ("B12345", "sas_practice_staff"),
    }
