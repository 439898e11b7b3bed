"""Scheme policy versions: which one is in force, and that versions in force never change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.sas import rules, services
from gateway.sas.errors import NotAllowed
from gateway.sas.models import PolicyInForce, SchemePolicy
from gateway.sas.queries import NoPolicyInForce, policy_in_force
from tests.factories import CommissionerFactory, MembershipFactory

from .factories import SchemePolicyFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner():
    return CommissionerFactory()


def test_policy_in_force_picks_the_latest_version_effective_on_the_date(commissioner):
    SchemePolicyFactory(commissioner=commissioner, version=1, effective_from=D(2025, 4, 1))
    SchemePolicyFactory(
        commissioner=commissioner,
        version=2,
        effective_from=D(2026, 4, 1),
        appeal_days_against_placement=14,
    )
    SchemePolicyFactory(commissioner=CommissionerFactory(), version=3, effective_from=D(2025, 1, 1))

    assert policy_in_force(commissioner, D(2026, 3, 31)).version == 1
    assert policy_in_force(commissioner, D(2026, 4, 1)).version == 2
    assert policy_in_force(commissioner, D(2030, 1, 1)).version == 2


def test_two_versions_from_the_same_day_the_later_version_wins(commissioner):
    SchemePolicyFactory(commissioner=commissioner, version=1, effective_from=D(2026, 4, 1))
    SchemePolicyFactory(commissioner=commissioner, version=2, effective_from=D(2026, 4, 1))
    assert policy_in_force(commissioner, D(2026, 4, 1)).version == 2


def test_no_policy_in_force_says_what_to_do(commissioner):
    SchemePolicyFactory(commissioner=commissioner, effective_from=D(2026, 4, 1))
    with pytest.raises(NoPolicyInForce) as missing:
        policy_in_force(commissioner, D(2026, 3, 31))
    assert "no scheme policy in force on 31 March 2026" in missing.value.message


def test_policy_values_feed_the_pure_rules(commissioner):
    policy = SchemePolicyFactory(
        commissioner=commissioner, version=4, appeal_days_against_placement=14
    )
    values = policy.values()
    assert values == rules.PolicyValues(version=4, appeal_days_against_placement=14)
    deadline = rules.appeal_deadline(D(2026, 2, 21), "placement", values)
    assert deadline.due_on == D(2026, 3, 7) and deadline.policy_version == 4


def test_a_policy_in_force_cannot_be_edited_or_deleted(commissioner):
    policy = SchemePolicyFactory(commissioner=commissioner, effective_from=D(2025, 4, 1))
    policy.appeal_days_against_placement = 10
    with pytest.raises(PolicyInForce, match="already in force"):
        policy.save()
    with pytest.raises(PolicyInForce):
        policy.delete()
    policy.refresh_from_db()
    assert policy.appeal_days_against_placement == 28


def test_a_future_policy_can_still_be_corrected_before_it_takes_effect(commissioner):
    policy = SchemePolicyFactory(commissioner=commissioner, effective_from=D(2099, 1, 1))
    policy.appeal_days_against_placement = 21
    policy.save()
    policy.refresh_from_db()
    assert policy.appeal_days_against_placement == 21


def test_version_numbers_are_unique_per_commissioner(commissioner):
    from django.db import IntegrityError, transaction

    SchemePolicyFactory(commissioner=commissioner, version=1)
    SchemePolicyFactory(commissioner=CommissionerFactory(), version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemePolicyFactory(commissioner=commissioner, version=1)


def _commissioner_user(organisation, role=Role.COMMISSIONER):
    return MembershipFactory(organisation=organisation, role=role).user


def test_a_commissioner_creates_a_new_version_carrying_over_unchanged_values(commissioner):
    user = _commissioner_user(commissioner)
    first = services.create_policy_version(user, commissioner, D(2025, 4, 1), review_every_months=6)
    second = services.create_policy_version(
        user, commissioner, D(2026, 4, 1), appeal_days_against_placement=14
    )
    assert (first.version, second.version) == (1, 2)
    assert second.review_every_months == 6
    assert second.appeal_days_against_placement == 14
    assert second.created_by == user
    event = AuditEvent.objects.filter(object_type="sas.SchemePolicy").first()
    assert event.action == AuditEvent.Action.CREATE
    assert event.detail == {"version": 2, "effective_from": "2026-04-01"}


def test_a_new_version_cannot_take_effect_before_the_latest(commissioner):
    user = _commissioner_user(commissioner)
    services.create_policy_version(user, commissioner, D(2026, 4, 1))
    with pytest.raises(ValidationError) as refused:
        services.create_policy_version(user, commissioner, D(2026, 3, 1))
    assert "on or after the latest version" in str(refused.value)
    assert SchemePolicy.objects.filter(commissioner=commissioner).count() == 1


def test_out_of_range_policy_values_are_refused_in_plain_words(commissioner):
    user = _commissioner_user(commissioner)
    with pytest.raises(ValidationError) as refused:
        services.create_policy_version(
            user, commissioner, D(2026, 4, 1), appeal_days_against_placement=0
        )
    assert "appeal_days_against_placement" in refused.value.message_dict


def test_only_a_commissioner_can_create_a_policy_version(commissioner):
    user = _commissioner_user(commissioner, role=Role.ORGANISATION_ADMIN)
    with pytest.raises(NotAllowed):
        services.create_policy_version(user, commissioner, D(2026, 4, 1))
    assert not SchemePolicy.objects.exists()
