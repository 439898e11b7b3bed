"""Fault: the database connection is cut (pg_terminate_backend, as when PostgreSQL restarts)
in the middle of a request's service call and in the middle of a daily job. The request
fails cleanly with the error page, nothing is half written, and a retry writes everything
once (issue 16 item 10, ADR 0046, hazard H58). PostgreSQL only."""

import datetime

import psycopg
import pytest
from django.db import OperationalError, connection
from django.db.utils import InterfaceError
from django.urls import reverse

from conftest import sign_in
from gateway.accounts.models import Organisation, Role
from gateway.accounts.services import organisations
from gateway.audit.models import AuditEvent
from gateway.comms.models import Message
from gateway.registration.models import RegistrationReferral
from gateway.registration.services import chasing, daily
from gateway.registration.tests.helpers import World, sent_referral
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="terminating a backend connection needs PostgreSQL (pg_terminate_backend)",
    ),
]
TODAY = datetime.date(2026, 6, 10)


def cut_this_connection():
    """From a second connection, end the backend serving Django's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_database_cut_mid_request_fails_cleanly_and_the_retry_saves_once(client, monkeypatch):
    practice = factories.PracticeFactory(name="Old Name Surgery", ods_code="A12345")
    admin = factories.MembershipFactory(organisation=practice, role=Role.ORGANISATION_ADMIN)
    sign_in(client, admin.user, practice)
    url = reverse("accounts:organisation-edit", args=[practice.public_id])
    data = {"name": "New Name Surgery", "ods_code": "A12345", "version": 1}
    if practice.catchment_districts:
        data["catchment_districts"] = ", ".join(practice.catchment_districts)
    real_record = organisations.audit.record

    def cut_then_record(*args, **kwargs):
        cut_this_connection()  # the row is updated in this transaction, not yet committed
        return real_record(*args, **kwargs)

    monkeypatch.setattr(organisations.audit, "record", cut_then_record)
    client.raise_request_exception = False
    response = client.post(url, data)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()

    connection.close_if_unusable_or_obsolete()  # what Django does as the next request starts
    practice.refresh_from_db()
    assert (practice.name, practice.version) == ("Old Name Surgery", 1)  # nothing half written
    assert not AuditEvent.objects.filter(object_id=str(practice.public_id)).exists()

    monkeypatch.setattr(organisations.audit, "record", real_record)
    assert client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.name, practice.version) == ("New Name Surgery", 2)
    assert AuditEvent.objects.filter(object_id=str(practice.public_id)).count() == 1
    assert Organisation.objects.filter(name="New Name Surgery").count() == 1


def test_database_cut_mid_daily_job_the_retried_job_does_everything_once(monkeypatch):
    world = World()
    referrals = [sent_referral(world) for _ in range(4)]
    RegistrationReferral.objects.filter(pk__in=[r.pk for r in referrals]).update(
        chase_on=TODAY, escalate_on=TODAY + datetime.timedelta(days=9)
    )
    last_before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    monkeypatch.setattr(daily, "BATCH", 2)
    real, batches = chasing.enqueue_each, []

    def cut_queuing_the_second_batch(task, arguments):
        # The test settings run each queued letter at once, inside the batch's transaction.
        batches.append(1)
        if len(batches) == 2:
            cut_this_connection()
        return real(task, arguments)

    monkeypatch.setattr(chasing, "enqueue_each", cut_queuing_the_second_batch)
    with pytest.raises((OperationalError, InterfaceError)):
        daily.run_daily(TODAY)
    connection.close_if_unusable_or_obsolete()
    assert RegistrationReferral.objects.filter(chased_on=TODAY).count() == 2
    assert Message.objects.filter(pk__gt=last_before).count() == 2

    monkeypatch.setattr(chasing, "enqueue_each", real)
    assert daily.run_daily(TODAY)["chased"] == 2  # the task, retried
    assert daily.run_daily(TODAY)["chased"] == 0
    related = list(Message.objects.filter(pk__gt=last_before).values_list("related_id", flat=True))
    assert len(related) == len(set(related)) == 4
