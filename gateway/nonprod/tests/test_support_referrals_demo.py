"""The referrals and flags demo shows referrals to services and safety flags: the demo
commissioner's 3-of-4 definition, Jordan's declined housing referral on the support worker's "Your
referrals" and the commissioner's decline report, an open referral, a "risk from others" flag — and
loading twice adds nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gateway.accounts.models import User
from gateway.nonprod.demo_data import demo_email
from gateway.patients.models import PatientFlag
from gateway.support.models import MCNRule, ServiceReferral
from gateway.support.queries import referrals as referral_queries

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_declined_and_an_open_referral_a_flag_and_a_definition():
    call_command("load_demo", stdout=io.StringIO())
    worker = User.objects.get(username=demo_email("support-worker"))
    outreach = worker.memberships.get().organisation
    assert MCNRule.objects.get().threshold == 3
    referrals = list(referral_queries.referrals_made_by(worker, outreach))
    assert sorted(r.status for r in referrals) == ["declined", "sent"]
    declined = next(r for r in referrals if r.status == "declined")
    assert declined.decline_reason.code == "no_capacity"
    assert PatientFlag.objects.filter(kind="risk_from_others", ended_at=None).count() == 1
    commissioner = User.objects.get(username=demo_email("commissioner"))
    today = timezone.localdate()
    report = referral_queries.decline_report(
        commissioner,
        commissioner.memberships.get().organisation,
        today - datetime.timedelta(days=365),
        today,
    )
    assert report["declined"] == 1
    call_command("load_demo", stdout=io.StringIO())
    assert ServiceReferral.objects.count() == 2
