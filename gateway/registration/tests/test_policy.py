"""A commissioner's registration policy is versioned data: a version in force is never changed
or deleted, because chase dates already worked out name it (as the scheme policy)."""

import datetime

import pytest
from django.utils import timezone

from gateway.core.models import PolicyInForce
from gateway.registration.models import RegistrationPolicy
from tests.factories import CommissionerFactory

pytestmark = pytest.mark.django_db


def test_a_registration_policy_in_force_cannot_be_changed_or_deleted():
    policy = RegistrationPolicy.objects.create(
        commissioner=CommissionerFactory(), version=1, effective_from=datetime.date(2025, 1, 1)
    )
    policy.chase_after_working_days = 2
    with pytest.raises(PolicyInForce, match="registration policy is already in force"):
        policy.save()
    with pytest.raises(PolicyInForce):
        policy.delete()
    policy.refresh_from_db()
    assert policy.chase_after_working_days == 5


def test_a_registration_policy_not_yet_in_force_can_still_be_corrected():
    policy = RegistrationPolicy.objects.create(
        commissioner=CommissionerFactory(),
        version=1,
        effective_from=timezone.localdate() + datetime.timedelta(days=30),
    )
    policy.chase_after_working_days = 3
    policy.save()
    policy.refresh_from_db()
    assert policy.chase_after_working_days == 3


def test_national_registration_figures_are_not_registration_policy_fields():
    # Up to one month before release
    # (docs/domain/gp-registration.md#registration-before-release-from-prison) and the refusal
    # letter within 14 days (docs/domain/gp-registration.md#national-rules) are national: constants
    # in the rules.
    names = {f.name for f in RegistrationPolicy._meta.get_fields()}
    assert "pre_release_alert_months" not in names
    assert "refusal_letter_days" not in names
