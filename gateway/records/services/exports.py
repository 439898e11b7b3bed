"""A subject access export, from asking for it to its deletion (docs/adr/0033): asked for by a
member of staff allowed to (permissions.py) about a person their organisation can see; made in
the background; downloaded once, by them, before it expires; then its content is deleted. Each
step is on the audit trail against the person."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gateway.audit.services import Action, record
from gateway.core.permissions import require

from ..models import SubjectAccessExport
from ..permissions import EXPORT_PERMISSION
from ..rules import respond_by
from ..tasks import make_subject_access_export


def request_export(actor, organisation, patient, *, request_reference, received_on):
    """Ask for an export of everything about ``patient`` (found through the organisation's
    scoped query). The work starts once this commits."""
    require(actor, EXPORT_PERMISSION, organisation)
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": "The date the request arrived must be today or in the past"}
        )
    with transaction.atomic():
        export = SubjectAccessExport.objects.create(
            patient=patient,
            requested_by=actor,
            organisation=organisation,
            request_reference=request_reference,
            received_on=received_on,
            respond_by=respond_by(received_on),
        )
        record(
            Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=export,
            patient=patient,
            changed_fields=["request_reference", "received_on", "respond_by"],
            detail={"step": "requested"},
        )
        export_id = export.pk
        transaction.on_commit(lambda: make_subject_access_export.enqueue(export_id))
    return export


def download(actor, organisation, export):
    """The ZIP, once: handing it over deletes it from Gateway in the same transaction, so a
    second try (or anyone else) finds nothing. ``export`` comes from queries.get_own_export,
    so it is the actor's own; one not ready, already downloaded or expired is a 404."""
    require(actor, EXPORT_PERMISSION, organisation)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            SubjectAccessExport.objects.select_for_update()
            .filter(
                pk=export.pk,
                requested_by=actor,
                state=SubjectAccessExport.State.DONE,
                content__isnull=False,
                expires_at__gt=now,
            )
            .first()
        )
        if locked is None:
            raise Http404("This export cannot be downloaded.")
        content = bytes(locked.content)
        SubjectAccessExport.objects.filter(pk=locked.pk).update(
            content=None, downloaded_at=now, content_deleted_at=now
        )
        record(
            Action.EXPORT,
            actor=actor,
            organisation=organisation,
            obj=locked,
            patient=locked.patient_id,
            changed_fields=["downloaded_at", "content_deleted_at"],
            detail={"step": "downloaded", "bytes": len(content)},
        )
    return content


def expire_old_exports(now=None):
    """Delete the content of every export not downloaded in time. Returns how many."""
    now = now or timezone.now()
    expired = 0
    stale = SubjectAccessExport.objects.filter(content__isnull=False, expires_at__lte=now)
    for export_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            export = (
                SubjectAccessExport.objects.select_for_update()
                .defer("content")
                .filter(pk=export_id, content__isnull=False, expires_at__lte=now)
                .first()
            )
            if export is None:
                continue
            SubjectAccessExport.objects.filter(pk=export_id).update(
                content=None, content_deleted_at=now
            )
            record(
                Action.DELETE,
                organisation=export.organisation,
                obj=export,
                patient=export.patient_id,
                changed_fields=["content", "content_deleted_at"],
                detail={"step": "expired"},
            )
            expired += 1
    return expired
