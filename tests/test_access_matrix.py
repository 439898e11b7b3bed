"""Every URL × every role × allowed/denied (ASVS V8; Caldicott need-to-know).
The matrix is tests/access_matrix/matrix.py; the data it runs against is built once per
module (tests/access_matrix/world.py) and each test runs in its own savepoint over it."""

import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.accounts.sessions import SESSION_LAST_ACTIVITY, SESSION_SIGNED_IN_AT
from tests import factories
from tests.access_matrix import helpers
from tests.access_matrix.helpers import described, missing_object, outcome, request
from tests.access_matrix.matrix import (
    ALLOWED,
    ANONYMOUS,
    API_MATRIX,
    FHIR_MATRIX,
    FORBIDDEN,
    MATRIX,
    NOT_FOUND,
    PORTAL_SIGN_IN,
    REFUSED,
    ROLES,
    SIGN_IN,
    UNAUTHORISED,
)
from tests.access_matrix.world import World

pytestmark = pytest.mark.django_db
OUTCOMES = {ALLOWED, FORBIDDEN, NOT_FOUND, SIGN_IN, REFUSED, UNAUTHORISED, PORTAL_SIGN_IN}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once, rolled back at the end of the module: each test's own transaction is a
    savepoint inside this one, so nothing a test writes leaks into the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        yield built
        transaction.set_rollback(True)


def _cases(object_urls_only=False):
    return [
        pytest.param(name, role.value, method, id=f"{name}-{role.value}-{method}")
        for name, spec in MATRIX.items()
        if spec["obj"] or not object_urls_only
        for role in ROLES
        for method in spec["methods"]
    ]


def _signed_in_only():
    return [name for name, spec in MATRIX.items() if spec[ANONYMOUS] == SIGN_IN]


# --- The matrix itself -----------------------------------------------------------------


def test_every_url_of_the_project_has_a_matrix_entry():
    urls = set(helpers.url_patterns())
    missing = sorted(urls - set(MATRIX))
    assert not missing, (
        f"No access matrix entry for {', '.join(missing)}. Add one to "
        "tests/access_matrix/matrix.py saying what each role gets."
    )
    stale = sorted(set(MATRIX) - urls)
    assert not stale, f"The access matrix names URLs that no longer exist: {', '.join(stale)}"


def test_every_entry_decides_for_every_role_and_anonymous():
    for name, spec in MATRIX.items():
        for who in (ANONYMOUS, *(role.value for role in ROLES)):
            assert spec.get(who) in OUTCOMES, f"{name}: say what {who} gets"


# --- Roles, in their own scope and against an unrelated organisation's objects ---------


@pytest.mark.parametrize(("name", "role", "method"), _cases())
def test_role_gets_what_the_matrix_says(world, staff_client, name, role, method):
    spec = MATRIX[name]
    client, _, _ = staff_client(role, world.home.organisation_for(role))
    obj = world.home.object_for(spec["obj"], role) if spec["obj"] else None
    response = request(client, name, spec, method, obj)
    assert outcome(response) == spec[role], (
        f"{method} {name} as {role}: the matrix says {spec[role]}, got {described(response)}"
    )


@pytest.mark.parametrize(("name", "role", "method"), _cases(object_urls_only=True))
def test_unrelated_organisations_object_looks_like_a_missing_one(
    world, staff_client, name, role, method
):
    spec = MATRIX[name]
    client, _, _ = staff_client(role, world.home.organisation_for(role))
    response = request(client, name, spec, method, world.other.object_for(spec["obj"], role))
    got = outcome(response)
    if spec["unrelated"]:
        expected = spec["unrelated"]
    elif spec[role] in (ALLOWED, REFUSED, NOT_FOUND):
        expected = NOT_FOUND
    else:
        # Refused before any lookup: the same answer as for an object that does not exist,
        # so the response tells nothing about what exists elsewhere.
        expected = outcome(request(client, name, spec, method, missing_object()))
        assert expected in (FORBIDDEN, NOT_FOUND)
    assert got == expected, (
        f"{method} {name} as {role} with another organisation's object: expected "
        f"{expected}, got {described(response)}"
    )


@pytest.mark.parametrize(
    ("name", "method"),
    [(name, method) for name, spec in MATRIX.items() for method in spec["methods"]],
)
def test_anonymous_visitor_gets_what_the_matrix_says(world, client, name, method):
    spec = MATRIX[name]
    obj = world.home.object_for(spec["obj"], Role.COMMISSIONER) if spec["obj"] else None
    response = request(client, name, spec, method, obj)
    assert outcome(response) == spec[ANONYMOUS], f"{method} {name}: got {described(response)}"


@pytest.mark.parametrize("name", list(MATRIX))
def test_methods_the_matrix_does_not_list_are_not_allowed(world, staff_client, client, name):
    spec = MATRIX[name]
    # Someone who may use the URL (allowed, or refused by the service when nothing applies),
    # else someone who reaches its view and finds nothing (an export only its requester opens).
    role = next((r.value for r in ROLES if spec[r.value] in (ALLOWED, REFUSED)), None) or next(
        (r.value for r in ROLES if spec[r.value] == NOT_FOUND), None
    )
    if role is None and spec[ANONYMOUS] == SIGN_IN:
        # A staff page no role of the matrix's organisations may use (an organisation admin of
        # a commissioner's): any member of staff meets its method check before its role check.
        role = Role.COMMISSIONER.value
    if role is not None:
        client, _, _ = staff_client(role, world.home.organisation_for(role))
    obj = world.home.object_for(spec["obj"], role or Role.COMMISSIONER) if spec["obj"] else None
    for method in {"GET", "POST"} - set(spec["methods"]):
        response = request(client, name, spec, method, obj)
        assert response.status_code == 405, f"{name} answers {method}: list it in the matrix"


# --- Sign-in state: no code step yet, no organisation chosen, account disabled -----------


def _home_request(world, client, name, method="GET"):
    spec = MATRIX[name]
    obj = world.home.object_for(spec["obj"], Role.COMMISSIONER) if spec["obj"] else None
    return request(client, name, spec, method if method in spec["methods"] else "POST", obj)


@pytest.mark.parametrize("name", _signed_in_only())
def test_password_without_the_code_step_is_sent_to_verify(world, client, name):
    membership = factories.MembershipFactory(
        role=Role.COMMISSIONER, organisation=world.home.commissioner
    )
    factories.TotpDeviceFactory(user=membership.user)
    client.force_login(membership.user)
    session = client.session
    session[SESSION_SIGNED_IN_AT] = session[SESSION_LAST_ACTIVITY] = time.time()
    session.save()
    response = _home_request(world, client, name)
    if name == "accounts:verify":
        assert response.status_code == 200
    else:
        assert outcome(response) == "sent to the code step", described(response)
        assert response["Location"] == reverse("accounts:verify")


@pytest.mark.parametrize("name", _signed_in_only())
def test_no_organisation_chosen_is_sent_to_choose_one(world, client, name):
    user = factories.MembershipFactory(
        role=Role.COMMISSIONER, organisation=world.home.commissioner
    ).user
    factories.MembershipFactory(
        user=user, role=Role.PRACTICE_STAFF, organisation=world.home.practice
    )
    sign_in(client, user)  # two organisations, neither chosen yet
    response = _home_request(world, client, name)
    if name == "accounts:switch-organisation":
        assert response.status_code == 200
    else:
        assert outcome(response) == "sent to choose an organisation", described(response)


@pytest.mark.parametrize("name", _signed_in_only())
def test_disabled_account_gets_the_sign_in_page(world, staff_client, name):
    client, user, _ = staff_client(Role.COMMISSIONER, world.home.commissioner)
    user.is_active = False
    user.save()
    response = _home_request(world, client, name)
    assert outcome(response) == SIGN_IN, described(response)


def test_admin_needs_a_superuser_with_mfa(world, client, staff_client):
    admin = reverse("admin:index")
    assert outcome(client.get(admin)) == SIGN_IN

    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    factories.TotpDeviceFactory(user=superuser)
    client.force_login(superuser)  # password only
    assert client.get(admin)["Location"] == reverse("accounts:verify")

    member, _, _ = staff_client(Role.ORGANISATION_ADMIN, world.home.practice)
    response = member.get(admin)  # MFA done, but not a superuser
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    sign_in(client, superuser)
    assert client.get(admin).status_code == 200


# --- The API: bearer tokens, scoped to the token's organisation ------------------------


def test_every_api_operation_has_an_entry():
    operations = helpers.api_operations()
    missing = sorted(set(operations) - set(API_MATRIX))
    assert not missing, f"No API_MATRIX entry for {', '.join(missing)}"
    stale = sorted(set(API_MATRIX) - set(operations))
    assert not stale, f"API_MATRIX names operations that no longer exist: {', '.join(stale)}"
    for name, (method, _) in operations.items():
        assert API_MATRIX[name]["method"] == method, name


def _api_client(scope, entry, **token_fields):
    role = Role(entry["role"])
    return helpers.api_client(scope.organisation_for(role), role, **token_fields)


@pytest.mark.parametrize("name", list(API_MATRIX))
def test_api_without_a_token_is_unauthorised(world, client, name):
    response = helpers.api_call(client, name, API_MATRIX[name], world.home)
    assert response.status_code == 401


@pytest.mark.parametrize("name", list(API_MATRIX))
def test_api_with_a_revoked_token_is_unauthorised(world, name):
    entry = API_MATRIX[name]
    client = _api_client(world.home, entry, revoked_at=timezone.now())
    assert helpers.api_call(client, name, entry, world.home).status_code == 401


@pytest.mark.parametrize("name", [n for n, e in API_MATRIX.items() if e.get("obj")])
def test_api_token_of_an_unrelated_organisation_gets_404(world, name):
    entry = API_MATRIX[name]
    client = _api_client(world.other, entry)
    response = helpers.api_call(
        client, name, entry, world.other, world.home.object_for(entry["obj"], Role(entry["role"]))
    )
    assert response.status_code == 404, response.content


@pytest.mark.parametrize("name", list(API_MATRIX))
def test_api_token_of_the_right_organisation_is_allowed(world, name):
    entry = API_MATRIX[name]
    response = helpers.api_call(_api_client(world.home, entry), name, entry, world.home)
    assert 200 <= response.status_code < 300, response.content


# --- The FHIR API: the same tokens and scope as /api/v1 --------------------------------


def test_every_fhir_url_has_an_entry():
    from gateway.api.fhir import urls

    names = {f"fhir:{pattern.name}" for pattern in urls.urlpatterns}
    assert names == {entry["name"] for entry in FHIR_MATRIX.values()}


def _fhir_client(scope, entry, **token_fields):
    role = Role(helpers.fhir_entry(entry)["role"])
    return helpers.api_client(scope.organisation_for(role), role, **token_fields)


def _found(response):
    """Found: a read's resource, or a search's Bundle with at least one match."""
    data = response.json()
    if data["resourceType"] == "Bundle":
        return data["total"] > 0
    return response.status_code == 200


@pytest.mark.parametrize("case", list(FHIR_MATRIX))
def test_fhir_without_a_token_is_unauthorised_but_metadata(world, client, case):
    entry = helpers.fhir_entry(FHIR_MATRIX[case])
    response = helpers.fhir_call(client, entry, world.home)
    assert response.status_code == (401 if entry["token"] else 200), response.content
    assert response["Content-Type"].startswith("application/fhir+json")


@pytest.mark.parametrize("case", [c for c, e in FHIR_MATRIX.items() if e.get("token", True)])
def test_fhir_with_a_revoked_token_is_unauthorised(world, case):
    entry = FHIR_MATRIX[case]
    client = _fhir_client(world.home, entry, revoked_at=timezone.now())
    assert helpers.fhir_call(client, entry, world.home).status_code == 401


@pytest.mark.parametrize("case", list(FHIR_MATRIX))
def test_fhir_token_of_the_right_organisation_finds_its_own(world, case):
    entry = FHIR_MATRIX[case]
    response = helpers.fhir_call(_fhir_client(world.home, entry), entry, world.home)
    assert response.status_code == 200, response.content
    assert _found(response), response.content


@pytest.mark.parametrize(
    "case", [c for c, e in FHIR_MATRIX.items() if helpers.fhir_entry(e)["scoped"] and e.get("obj")]
)
def test_fhir_token_of_an_unrelated_organisation_finds_no_one(world, case):
    """Another organisation's person: a read is 404 and a search an empty Bundle, exactly as
    for nobody."""
    entry = helpers.fhir_entry(FHIR_MATRIX[case])
    client = _fhir_client(world.other, entry)
    obj = world.home.object_for(entry["obj"], Role(entry["role"]))
    response = helpers.fhir_call(client, entry, world.other, obj)
    if entry["by"] == "id":
        assert response.status_code == 404, response.content
        assert response.json()["resourceType"] == "OperationOutcome"
    else:
        assert response.status_code == 200, response.content
        assert response.json()["total"] == 0
