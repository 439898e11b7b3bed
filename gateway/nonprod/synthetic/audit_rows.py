"""Millions of audit rows in bulk, written as gateway.audit.services writes one row and then
sealed by the sealer (gateway.audit.sealing, ADR 0047), so `manage.py audit_verify` passes
over them. Rows are written with COPY on PostgreSQL (bulk_create elsewhere); sealing hashes
them in Python in batches."""

import datetime
import json
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from gateway.audit.models import AuditEvent
from gateway.audit.sealing import seal_pending

COLUMNS = [
    "occurred_at", "actor_id", "actor_name", "organisation_id", "action", "object_type",
    "object_id", "patient_id", "changed_fields", "detail", "request_id",
]  # fmt: skip
# What people do, by how often: mostly looking at records.
ACTIONS = [("view", 70), ("update", 12), ("create", 8), ("state_change", 5), ("search", 3),
           ("sign_in", 2)]  # fmt: skip


def write_audit_rows(count, rng, actors, patients, *, days=3 * 365, batch=20_000):
    """Append count sealed rows spread over the last ``days`` days, by ``actors``
    [(user id, name, organisation id)] about ``patients`` [(pk, public id)]."""
    if count <= 0:
        return 0
    choices = [a for a, weight in ACTIONS for _ in range(weight)]
    end = timezone.now() - datetime.timedelta(minutes=5)
    start = end - datetime.timedelta(days=days)
    step = (end - start) / count
    written = 0
    with transaction.atomic():
        while written < count:
            rows = []
            for n in range(written, min(count, written + batch)):
                actor_id, actor_name, organisation_id = rng.choice(actors)
                patient_pk, public_id = rng.choice(patients)
                action = rng.choice(choices)
                event = SimpleNamespace(
                    occurred_at=start + step * n,
                    actor_id=actor_id,
                    actor_name=actor_name,
                    organisation_id=organisation_id,
                    action=action,
                    object_type="patients.Patient",
                    object_id=str(public_id),
                    patient_id=patient_pk,
                    changed_fields=["address"] if action == "update" else [],
                    detail={"page": "record"} if action == "view" else {},
                    request_id=f"synthetic-{n}",
                )
                rows.append(event)
            _insert(rows)
            written += len(rows)
    seal_pending(batch)
    return written


def _insert(events):
    if connection.vendor == "postgresql":
        table = AuditEvent._meta.db_table
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for e in events:
                    copy.write_row(
                        [
                            *(getattr(e, c) for c in COLUMNS[:8]),
                            json.dumps(e.changed_fields),
                            json.dumps(e.detail),
                            e.request_id,
                        ]
                    )
        return
    AuditEvent.objects.bulk_create(
        [AuditEvent(**{c: getattr(e, c) for c in COLUMNS}) for e in events], batch_size=2000
    )
