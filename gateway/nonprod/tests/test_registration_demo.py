"""The GP registration demo shows a probation worker's referrals — one waiting, one
refused for "no proof of address" on the commissioner's worklist, a prison leaver inside the
pre-release window — and loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from gateway.accounts.models import User
from gateway.registration.models import RegistrationAlert, RegistrationReferral

pytestmark = pytest.mark.django_db


def test_the_demo_probation_worker_has_referrals_and_the_commissioner_a_flagged_refusal():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    worker = User.objects.get(username="probation-worker@demo.gateway.nhs.uk")
    referrals = RegistrationReferral.objects.filter(referred_by=worker)
    assert referrals.count() == 3
    assert referrals.filter(status="refused", flagged_to_commissioner=True).count() == 1
    assert RegistrationAlert.objects.filter(kind="not_reasonable_refusal").count() == 1
    assert RegistrationAlert.objects.filter(kind="pre_release").exists()
