"""One security code cannot pass twice, even when two requests bring it at the same moment:
the code step locks the person and the device while it checks and records the code
(gateway/accounts/services/sign_in.py, _check_code). Needs PostgreSQL, where two requests
really run at once (SQLite runs one writer at a time anyway)."""

import threading
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from gateway.accounts import services
from tests import factories

from .helpers import current_code

pytestmark = pytest.mark.django_db(transaction=True)


def code_step_request(user):
    request = RequestFactory().post("/sign-in/verify", REMOTE_ADDR="192.0.2.10")
    request.user = user
    request.session = SessionStore()
    request.session.create()
    return request


def test_two_requests_with_one_code_at_once_let_only_one_in(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    device = factories.TotpDeviceFactory()
    code = current_code(device)
    original = TOTPDevice.verify_token

    def slow_verify(self, token):
        # Hold the check open so that, without the lock, both requests would read the
        # device before either recorded the code.
        time.sleep(0.5)
        return original(self, token)

    monkeypatch.setattr(TOTPDevice, "verify_token", slow_verify)
    start = threading.Barrier(2)
    results = []

    def attempt():
        try:
            request = code_step_request(type(device.user).objects.get(pk=device.user.pk))
            start.wait()
            ok, _, _ = services.verify_totp(request, code)
            results.append(ok)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
