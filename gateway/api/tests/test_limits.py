"""The API's limits (ADR 0038, hazard H51): tokens expire and rotate with an overlap, each
token is rate limited, the description is behind sign-in, and lists come a page at a time."""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import ApiRequestCount, ApiToken, Role
from gateway.accounts.services import api_tokens
from gateway.audit.models import AuditEvent
from gateway.registration.tests.helpers import World, sent_referral
from tests.factories import MembershipFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db

PATIENT = "/api/v1/patients/00000000-0000-0000-0000-000000000000"
REFERRALS = "/api/v1/registration/referrals"


def bearer(raw):
    return Client(headers={"Authorization": f"Bearer {raw}"})


def system_account(organisation, role=Role.PRACTICE_STAFF):
    user = UserFactory(is_system_account=True)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


# --- Expiry and rotation -------------------------------------------------------------------


@override_settings(API_TOKEN_DAYS=90)
def test_a_new_token_expires_after_the_configured_days():
    practice = PracticeFactory()
    issued = api_tokens.issue_token(
        None, name="Case system", user=system_account(practice), organisation=practice
    )
    left = issued.token.expires_at - timezone.now()
    assert datetime.timedelta(days=89, hours=23) < left <= datetime.timedelta(days=90)
    assert ApiToken.hash(issued.raw) == issued.token.token_hash
    assert issued.raw not in str(ApiToken.objects.values().get(pk=issued.token.pk))


def test_an_expired_token_is_refused_exactly_like_an_unknown_one(api_client):
    client, token = api_client(PracticeFactory())
    assert client.get(PATIENT).status_code == 404  # works: an unknown patient
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    expired = client.get(PATIENT)
    unknown = bearer("not-a-token").get(PATIENT)
    assert expired.status_code == unknown.status_code == 401
    assert expired.json() == unknown.json()


@override_settings(API_TOKEN_ROTATION_OVERLAP_HOURS=24)
def test_rotation_keeps_the_old_token_working_for_the_overlap_then_refuses_it():
    practice = PracticeFactory()
    old = api_tokens.issue_token(
        None, name="Case system", user=system_account(practice), organisation=practice
    )
    new = api_tokens.rotate_token(None, old.token)

    old.token.refresh_from_db()
    assert new.token.user == old.token.user
    assert new.token.organisation == practice
    assert new.token.name == "Case system"
    assert old.token.replaced_by == new.token
    assert old.token.expires_at <= timezone.now() + datetime.timedelta(hours=24)
    # During the overlap both work.
    assert bearer(old.raw).get(PATIENT).status_code == 404
    assert bearer(new.raw).get(PATIENT).status_code == 404
    # After it, only the new one.
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + datetime.timedelta(hours=25)
        patch.setattr("gateway.api.auth.timezone.now", lambda: later)
        assert bearer(old.raw).get(PATIENT).status_code == 401
        assert bearer(new.raw).get(PATIENT).status_code == 404
    rotated = AuditEvent.objects.get(object_type="accounts.ApiToken", action="state_change")
    assert rotated.detail["change"] == "rotated"
    assert AuditEvent.objects.filter(object_type="accounts.ApiToken", action="create").count() == 2


def test_a_token_is_rotated_only_once_and_never_after_revocation():
    practice = PracticeFactory()
    old = api_tokens.issue_token(
        None, name="S", user=system_account(practice), organisation=practice
    )
    api_tokens.rotate_token(None, old.token)
    with pytest.raises(ValueError):
        api_tokens.rotate_token(None, old.token)
    other = api_tokens.issue_token(
        None, name="T", user=system_account(practice), organisation=practice
    )
    assert api_tokens.revoke_token(None, other.token)
    with pytest.raises(ValueError):
        api_tokens.rotate_token(None, other.token)
    assert bearer(other.raw).get(PATIENT).status_code == 401


# --- Rate limit ----------------------------------------------------------------------------


@override_settings(API_RATE_LIMIT_REQUESTS=3, API_RATE_LIMIT_WINDOW_SECONDS=60)
def test_rate_limit_answers_429_with_retry_after_once_the_token_used_its_requests(api_client):
    client, token = api_client(PracticeFactory())
    for _ in range(3):
        assert client.get(PATIENT).status_code == 404
    refused = client.get(PATIENT)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests with this token.")
    # Counted in the database (shared by every web process), per token.
    assert ApiRequestCount.objects.get(token=token).count == 4
    other, _ = api_client(PracticeFactory())
    assert other.get(PATIENT).status_code == 404
    # The first refusal of the window is audited, not every one.
    client.get(PATIENT)
    assert (
        AuditEvent.objects.filter(action="locked_out", object_type="accounts.ApiToken").count() == 1
    )


@override_settings(API_RATE_LIMIT_REQUESTS=2, API_RATE_LIMIT_WINDOW_SECONDS=60)
def test_rate_limit_window_starts_again_and_old_counts_are_removed():
    practice = PracticeFactory()
    token = api_tokens.issue_token(
        None, name="S", user=system_account(practice), organisation=practice
    ).token
    start = datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC)
    assert api_tokens.count_request(token, now=start) is None
    assert api_tokens.count_request(token, now=start) is None
    assert api_tokens.count_request(token, now=start) == 50  # until 09:01:00
    next_window = start + datetime.timedelta(seconds=60)
    assert api_tokens.count_request(token, now=next_window) is None
    assert list(ApiRequestCount.objects.values_list("count", flat=True)) == [1]


def test_a_missing_token_is_not_rate_counted(client):
    assert client.get(PATIENT).status_code == 401
    assert not ApiRequestCount.objects.exists()


# --- The API's description behind sign-in ------------------------------------------------


@override_settings(API_DOCS_PUBLIC=False)
def test_docs_and_openapi_need_sign_in_or_a_token_in_production(client, api_client):
    document = client.get("/api/openapi.json")
    assert document.status_code == 401
    assert "Sign in to Gateway" in document.json()["detail"]
    page = client.get("/api/docs")
    assert page.status_code == 302
    assert page["Location"].startswith("/sign-in")

    token_client, _ = api_client(PracticeFactory())
    assert token_client.get("/api/openapi.json").status_code == 200
    assert bearer("not-a-token").get("/api/openapi.json").status_code == 401

    staff = MembershipFactory(organisation=PracticeFactory(), role=Role.PRACTICE_STAFF).user
    sign_in(client, staff)
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Gateway API"
    assert client.get("/api/docs").status_code == 200


@override_settings(API_DOCS_PUBLIC=False)
def test_password_alone_does_not_open_the_docs(client):
    staff = MembershipFactory(organisation=PracticeFactory(), role=Role.PRACTICE_STAFF).user
    client.force_login(staff)  # no authenticator code yet
    assert client.get("/api/openapi.json").status_code == 401


@override_settings(API_DOCS_PUBLIC=True)
def test_docs_open_when_configured_as_in_the_local_demo(client):
    assert client.get("/api/openapi.json").status_code == 200


def test_every_operation_documents_401_and_429(api_client):
    client, _ = api_client(PracticeFactory())
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"401", "429"} <= set(operation["responses"]), f"{method} {path}"


# --- Lists a page at a time ----------------------------------------------------------------


@pytest.fixture
def world():
    return World()


def practice_client(world):
    user = system_account(world.practice)
    return bearer(
        api_tokens.issue_token(None, name="P", user=user, organisation=world.practice).raw
    )


@override_settings(API_MAX_PAGE_SIZE=2)
def test_a_limit_over_the_maximum_page_size_is_clamped(world, django_assert_max_num_queries):
    referrals = [sent_referral(world, patient=world.person()) for _ in range(3)]
    client = practice_client(world)
    with django_assert_max_num_queries(20):
        response = client.get(REFERRALS, {"limit": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["limit"] == 2
    assert body["count"] == 3
    assert body["next_offset"] == 2
    assert len(body["items"]) == 2
    rest = client.get(REFERRALS, {"limit": 500, "offset": 2}).json()
    assert (rest["count"], rest["next_offset"], len(rest["items"])) == (3, None, 1)
    # Past the end the page is empty and the list is still counted.
    beyond = client.get(REFERRALS, {"limit": 500, "offset": 10}).json()
    assert (beyond["count"], beyond["next_offset"], beyond["items"]) == (3, None, [])
    seen = {item["public_id"] for item in body["items"] + rest["items"]}
    assert seen == {str(r.public_id) for r in referrals}
    first = body["items"][0]
    assert first["status"] == "sent"
    assert first["practice"] == str(world.practice.public_id)
    listed = AuditEvent.objects.filter(object_id="api list").order_by("id").first()
    assert listed.detail["count"] == 3
    assert len(listed.detail["referrals"]) == 2


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": -1}, {"offset": -1}, {"limit": "x"}])
def test_a_limit_below_one_or_a_negative_offset_is_refused(world, query):
    response = practice_client(world).get(REFERRALS, query)
    assert response.status_code == 422
    assert response.json()["detail"] == "Check the details sent"


def test_list_shows_only_the_organisations_own_referrals(world):
    sent_referral(world, patient=world.person())
    stranger = PracticeFactory()
    user = system_account(stranger)
    raw = api_tokens.issue_token(None, name="S", user=user, organisation=stranger).raw
    body = bearer(raw).get(REFERRALS).json()
    assert body["count"] == 0
    assert body["items"] == []


# --- Answers Schemathesis found undocumented -----------------------------------------------


def test_a_path_that_matches_no_operation_answers_json_404(api_client):
    client, _ = api_client(PracticeFactory())
    for response in (
        client.get("/api/v1/patients/0"),
        client.post("/api/v1/sas/episodes/%01/appeals", {}, content_type="application/json"),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found"}


def test_a_body_that_is_not_json_is_400_and_documented(api_client):
    client, _ = api_client(PracticeFactory())
    response = client.post("/api/v1/patients", "\x00", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"
    document = client.get("/api/openapi.json").json()
    assert "400" in document["paths"]["/api/v1/patients"]["post"]["responses"]


@override_settings(API_RATE_LIMIT_REQUESTS=2, API_RATE_LIMIT_WINDOW_SECONDS=60)
def test_the_fhir_api_counts_against_the_same_per_token_limit(api_client):
    from gateway.api.tests.fhir_helpers import problem

    client, _ = api_client(PracticeFactory())
    assert client.get(PATIENT).status_code == 404  # one on /api/v1
    assert client.get("/fhir/Patient/00000000-0000-0000-0000-000000000000").status_code == 404
    refused = client.get("/fhir/Patient/00000000-0000-0000-0000-000000000000")
    problem(refused, 429, "throttled")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get(PATIENT).status_code == 429
