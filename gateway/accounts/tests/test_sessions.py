import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from gateway.accounts import services
from gateway.accounts.models import ApiToken, Role
from gateway.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HOME = "/"


def test_signed_out_after_30_minutes_without_activity(staff_client):
    with time_machine.travel(START, tick=False) as traveller:
        client, user, _ = staff_client()
        assert client.get(HOME).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(HOME)
        assert response["Location"] == reverse("accounts:sign-in")
        page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "had not used Gateway for 30 minutes" in page
    assert AuditEvent.objects.filter(
        action="sign_out", actor=user, detail__reason="idle timeout"
    ).exists()


def test_activity_keeps_the_session_alive(staff_client):
    with time_machine.travel(START, tick=False) as traveller:
        client, _, _ = staff_client()
        for _ in range(3):
            traveller.shift(datetime.timedelta(minutes=29))
            assert client.get(HOME).status_code == 200


def test_signed_out_after_the_absolute_limit_even_when_active(staff_client):
    with time_machine.travel(START, tick=False) as traveller:
        client, user, _ = staff_client()
        for _ in range(24):  # 24 x 25 minutes = 10 hours
            traveller.shift(datetime.timedelta(minutes=25))
            assert client.get(HOME).status_code == 200
        traveller.shift(datetime.timedelta(minutes=25))
        response = client.get(HOME)
        assert response["Location"] == reverse("accounts:sign-in")
        page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "signed in for 10 hours" in page
    assert AuditEvent.objects.filter(detail__reason="absolute timeout", actor=user).exists()


def test_disabled_user_is_signed_out_everywhere(staff_client):
    client, user, organisation = staff_client()
    other_browser = Client()
    sign_in(other_browser, user, organisation)
    token = ApiToken.objects.create(
        name="t", user=user, organisation=organisation, token_hash=ApiToken.hash("x")
    )
    admin = factories.MembershipFactory(
        organisation=organisation, role=Role.ORGANISATION_ADMIN
    ).user
    assert client.get(HOME).status_code == 200

    services.disable_user(admin, user)

    for browser in (client, other_browser):
        response = browser.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        action="state_change", actor=admin, changed_fields=["is_active"]
    ).exists()


def test_only_an_admin_of_the_users_organisation_may_disable_them(staff_client):
    _, user, _ = staff_client()
    stranger = factories.MembershipFactory(role=Role.ORGANISATION_ADMIN).user
    with pytest.raises(PermissionDenied):
        services.disable_user(stranger, user)
    user.refresh_from_db()
    assert user.is_active


def test_sign_out_needs_a_post_and_then_says_so(staff_client):
    client, user, _ = staff_client()
    page = client.get(reverse("accounts:sign-out"))
    assert page.status_code == 200
    assert client.get(HOME).status_code == 200  # GET did not sign out
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == reverse("accounts:sign-out")
    assert "You have signed out" in client.get(response["Location"]).content.decode()
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="sign_out", actor=user).exists()


def _session_writes(queries):
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_a_page_view_within_a_minute_does_not_rewrite_the_session(staff_client):
    """docs/adr/0043-lists-that-stay-fast.md: the session row is written when activity moves on
    by a minute or more, not on every GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(START, tick=False) as traveller:
        client, _, _ = staff_client()
        client.get(HOME)
        traveller.shift(datetime.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as soon:
            assert client.get(HOME).status_code == 200
        traveller.shift(datetime.timedelta(seconds=31))
        with CaptureQueriesContext(connection) as later:
            assert client.get(HOME).status_code == 200
    assert _session_writes(soon.captured_queries) == []
    assert len(_session_writes(later.captured_queries)) == 1


def test_the_idle_timeout_never_signs_out_someone_active_in_the_last_30_minutes(staff_client):
    with time_machine.travel(START, tick=False) as traveller:
        client, _, _ = staff_client()
        client.get(HOME)  # activity written at 0 s
        traveller.shift(datetime.timedelta(seconds=59))
        client.get(HOME)  # real activity, not written (within the minute)
        traveller.shift(datetime.timedelta(minutes=30, seconds=-1))
        # 30 minutes after the first visit, 29:01 after the last: still signed in.
        assert client.get(HOME).status_code == 200
        # Now idle: 31 minutes without using Gateway signs the person out.
        traveller.shift(datetime.timedelta(minutes=31))
        assert client.get(HOME)["Location"] == reverse("accounts:sign-in")
