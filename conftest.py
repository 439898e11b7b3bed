"""Fixtures shared by every test: staff who have signed in with password and TOTP and are
working for an organisation, exactly as the middleware expects."""

import time
from contextlib import ExitStack

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from gateway.accounts.models import Role
from gateway.accounts.sessions import (
    SESSION_LAST_ACTIVITY,
    SESSION_ORGANISATION,
    SESSION_SIGNED_IN_AT,
)
from gateway.audit.anchors import MemoryAnchorStore
from gateway.audit.testing import append_only_triggers_disabled
from gateway.core.reference_data import reseed
from tests import factories

# Property tests check rules, not speed: on a busy CI machine (two workers on two cores) data
# generation can be slow, and a timing failure there would say nothing about the rule.
hypothesis_settings.register_profile(
    "gateway", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("gateway")


def sign_in(client, user, organisation=None):
    """Sign a test client in as a user who has passed MFA, working for organisation."""
    device = user.totpdevice_set.filter(confirmed=True).first() or factories.TotpDeviceFactory(
        user=user
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = time.time()
    session[SESSION_SIGNED_IN_AT] = now
    session[SESSION_LAST_ACTIVITY] = now
    if organisation is not None:
        session[SESSION_ORGANISATION] = organisation.pk
    session.save()
    return client


@pytest.fixture
def staff_client(client):
    """staff_client(role, organisation=None) -> (client, user, organisation)."""

    def make(role=Role.PRACTICE_STAFF, organisation=None):
        membership = factories.MembershipFactory(
            role=role,
            **({"organisation": organisation} if organisation is not None else {}),
        )
        sign_in(client, membership.user, membership.organisation)
        return client, membership.user, membership.organisation

    return make


@pytest.fixture(autouse=True)
def _no_rate_counts_from_other_tests():
    """Rate limits count in Django's cache (per-user lookups of whether a person is on
    Gateway). Test databases reuse ids after a rollback, so counts left by one test would
    limit a different user in the next: each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_audit_anchors_from_other_tests():
    """Test settings keep audit anchors in memory; each test starts with none, as its
    database starts with no audit rows."""
    MemoryAnchorStore.clear()
    yield
    MemoryAnchorStore.clear()


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers():
    """Transactional tests (live_server, `django_db(transaction=True)`) end with Django
    emptying every table, which the append-only audit triggers refuse. Let that one flush
    through, then put the triggers back, and put back the reference data the migrations
    seeded (registries, band tables) so the next test finds the database as migrated."""
    original = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        with ExitStack() as stack:
            for alias in self._databases_names(include_mirrors=False):
                stack.enter_context(append_only_triggers_disabled(connections[alias]))
            original(self)
        reseed()

    TransactionTestCase._fixture_teardown = _fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original
