"""Millions of audit rows in bulk, chained exactly as gateway.audit.services chains one row
(the keyed hash of gateway.audit.chain, each row linked to the one before), so
`manage.py audit_verify` passes over them. Rows are hashed in Python in batches and written
with COPY on PostgreSQL (bulk_create elsewhere), in id order, after the last row already there;
the chain lock is held throughout so no other writer slips a row in between."""

import datetime
import json
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from gateway.audit import chain
from gateway.audit.models import AuditEvent

COLUMNS = [
    "occurred_at", "actor_id", "actor_name", "organisation_id", "action", "object_type",
    "object_id", "patient_id", "changed_fields", "detail", "request_id", "previous_hash",
    "hash", "key_id",
]  # fmt: skip
# What people do, by how often: mostly looking at records.
ACTIONS = [("view", 70), ("update", 12), ("create", 8), ("state_change", 5), ("search", 3),
           ("sign_in", 2)]  # fmt: skip


def write_audit_rows(count, rng, actors, patients, *, days=3 * 365, batch=20_000):
    """Append count chained rows spread over the last ``days`` days, by ``actors``
    [(user id, name, organisation id)] about ``patients`` [(pk, public id)]."""
    if count <= 0:
        return 0
    key_id, key = chain.current_key()
    choices = [a for a, weight in ACTIONS for _ in range(weight)]
    end = timezone.now() - datetime.timedelta(minutes=5)
    start = end - datetime.timedelta(days=days)
    step = (end - start) / count
    written = 0
    with transaction.atomic():
        chain.lock_chain()
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        previous = previous or chain.GENESIS_HASH
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
                event.previous_hash = previous
                event.key_id = key_id
                event.hash = previous = chain.keyed_hash(event, previous, key_id, key)
                rows.append(event)
            _insert(rows)
            written += len(rows)
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
                            *(getattr(e, c) for c in COLUMNS[10:]),
                        ]
                    )
        return
    AuditEvent.objects.bulk_create(
        [AuditEvent(**{c: getattr(e, c) for c in COLUMNS}) for e in events], batch_size=2000
    )
