"""A subject access export is downloaded once, by the person who asked for it, before it
expires; then Gateway deletes it. Anyone else, a second try and a late one get a 404, exactly
like a missing export. Each step is on the audit trail against the person (ADR 0033)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from gateway.accounts.models import Role
from gateway.audit.models import AuditEvent
from gateway.records.models import SubjectAccessExport
from gateway.records.services import expire_old_exports
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def download(client, export):
    return client.post(reverse("records:export-download", kwargs={"public_id": export.public_id}))


def test_the_requester_downloads_it_once_and_then_it_is_gone(client, everyone, made):
    sign_in(client, everyone.staff, everyone.commissioner)
    response = download(client, made)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    name = response["Content-Disposition"]
    assert name.startswith('attachment; filename="subject-access-') and "Hart" not in name
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"summary.pdf", "record.json"} <= set(archive.namelist())
    made.refresh_from_db()
    assert made.content is None
    assert made.downloaded_at is not None and made.content_deleted_at == made.downloaded_at
    assert download(client, made).status_code == 404
    page = client.get(reverse("records:export", kwargs={"public_id": made.public_id}))
    assert "Gateway no longer holds the file" in page.content.decode()
    assert "Download the file" not in page.content.decode()


def test_nobody_else_can_see_or_download_it(client, everyone, made):
    colleague = MembershipFactory(organisation=everyone.commissioner, role=Role.COMMISSIONER).user
    sign_in(client, colleague, everyone.commissioner)
    assert (
        client.get(reverse("records:export", kwargs={"public_id": made.public_id})).status_code
        == 404
    )
    status = reverse("records:export-status", kwargs={"public_id": made.public_id})
    assert client.get(status).status_code == 404
    assert download(client, made).status_code == 404
    made.refresh_from_db()
    assert made.content is not None  # still there for the person who asked


def test_after_the_time_limit_it_cannot_be_downloaded_and_is_deleted(client, everyone, made):
    SubjectAccessExport.objects.filter(pk=made.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    sign_in(client, everyone.staff, everyone.commissioner)
    page = client.get(reverse("records:export", kwargs={"public_id": made.public_id}))
    assert "Nobody downloaded it in time" in page.content.decode()
    assert download(client, made).status_code == 404
    assert expire_old_exports() == 1
    assert expire_old_exports() == 0
    made.refresh_from_db()
    assert made.content is None and made.content_deleted_at is not None
    assert made.downloaded_at is None
    deleted = AuditEvent.objects.filter(object_id=str(made.public_id), action="delete").get()
    assert deleted.detail == {"step": "expired"} and deleted.patient_id == everyone.patient.pk


def test_within_the_time_limit_nothing_is_deleted(everyone, made):
    assert made.expires_at > timezone.now() + timedelta(days=6)
    assert expire_old_exports() == 0


def test_asking_making_and_downloading_are_each_on_the_audit_trail(client, everyone, made):
    sign_in(client, everyone.staff, everyone.commissioner)
    download(client, made)
    rows = AuditEvent.objects.filter(object_id=str(made.public_id)).order_by("id")
    steps = [(row.action, row.detail.get("step"), row.actor_id) for row in rows]
    staff = everyone.staff.pk
    assert ("create", "requested", staff) in steps
    assert ("state_change", "made", staff) in steps
    assert ("export", "downloaded", staff) in steps
    assert all(row.patient_id == everyone.patient.pk for row in rows)
    made_row = rows.get(action="state_change")
    assert made_row.detail["letters"] == 2 and made_row.detail["withheld"] == 3
