"""Commissioners' scheme policies are managed as data: the admin site adds
a new version through the service, and a version in force cannot be changed."""

import datetime

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from gateway.audit.models import AuditEvent
from gateway.sas.models import SchemePolicy
from tests.factories import CommissionerFactory, TotpDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    device = TotpDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_adding_a_policy_in_the_admin_writes_the_next_version_and_audits_it(admin_client):
    commissioner = CommissionerFactory()
    data = {
        "commissioner": commissioner.pk,
        "effective_from": "2026-01-01",
        **{
            f.name: f.default
            for f in SchemePolicy._meta.fields
            if f.name in SchemePolicy.VALUE_FIELDS
        },
    }
    data = {k: ("on" if v is True else "" if v in (False, None) else v) for k, v in data.items()}
    data["appeal_days_against_placement"] = 14

    response = admin_client.post(reverse("admin:sas_schemepolicy_add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    policy = SchemePolicy.objects.get(commissioner=commissioner)
    assert (policy.version, policy.appeal_days_against_placement) == (1, 14)
    assert AuditEvent.objects.filter(object_type="sas.SchemePolicy").exists()


def test_a_policy_in_force_is_read_only_in_the_admin(admin_client):
    policy = SchemePolicy.objects.create(
        commissioner=CommissionerFactory(), version=1, effective_from=datetime.date(2025, 1, 1)
    )
    page = admin_client.get(reverse("admin:sas_schemepolicy_change", args=[policy.pk]))
    assert page.status_code == 200
    assert 'name="appeal_days_against_placement"' not in page.content.decode()
    delete = admin_client.get(reverse("admin:sas_schemepolicy_delete", args=[policy.pk]))
    assert delete.status_code == 403
