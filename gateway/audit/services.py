"""Writing the audit trail. Services call ``record`` for every create, update, delete and
state change; views call ``record_view`` when a person's record is shown. Rows are
hash-chained: each row's hash covers its content and the previous row's hash."""

import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from gateway.core.logging import request_id_var

from .models import AuditEvent

GENESIS_HASH = "0" * 64
Action = AuditEvent.Action


def _canonical(event):
    return json.dumps(
        {
            "occurred_at": event.occurred_at.isoformat(),
            "actor": event.actor_id,
            "actor_name": event.actor_name,
            "organisation": event.organisation_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "patient_id": event.patient_id,
            "changed_fields": event.changed_fields,
            "detail": event.detail,
            "request_id": event.request_id,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def compute_hash(event, previous_hash):
    return hashlib.sha256((previous_hash + _canonical(event)).encode()).hexdigest()


def _lock_chain():
    """Only one writer may extend the chain at a time. SQLite serialises writers already
    (IMMEDIATE transactions); PostgreSQL takes a transaction-scoped advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x6A7E_A0D1])


def record(
    action,
    *,
    actor=None,
    organisation=None,
    obj=None,
    object_type="",
    object_id="",
    patient=None,
    changed_fields=(),
    detail=None,
):
    """Append one audit row. Call inside the same transaction as the change it records."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        if obj is not None:
            object_type = object_type or obj._meta.label
            object_id = object_id or str(getattr(obj, "public_id", obj.pk))
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "display_name", "") or "",
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=object_id,
            patient_id=getattr(patient, "pk", patient),
            changed_fields=sorted(changed_fields),
            detail=detail or {},
            request_id=request_id_var.get() if request_id_var.get() != "-" else "",
        )
        event.previous_hash = last or GENESIS_HASH
        event.hash = compute_hash(event, event.previous_hash)
        event.save()
        return event


def record_view(request, patient, *, what="record", obj=None):
    """A view of a person's record, or of ``obj`` about them (Caldicott: every access is
    attributable)."""
    return record(
        Action.VIEW,
        actor=request.user,
        organisation=getattr(request, "current_organisation", None),
        obj=obj or patient,
        patient=patient,
        detail={"page": what},
    )


def check_chain(batch_size=2000):
    """Walk the chain from the first row, in id order, recomputing each row's hash.

    Returns ``(rows_checked, broken_id)``: ``broken_id`` is None when every row's hash and
    link to the row before match, else the id of the first row that does not. A row changed
    in place breaks at that row; a row removed from the middle breaks at the row after it.
    """
    previous = GENESIS_HASH
    last_id = 0
    checked = 0
    while True:
        # Batches keep memory flat however long the trail grows.
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            checked += 1
            if event.previous_hash != previous or compute_hash(event, previous) != event.hash:
                return checked, event.id
            previous = event.hash
            last_id = event.id


def verify_chain(batch_size=2000):
    """None when the chain is intact, else the id of the first row whose hash or link does
    not match."""
    return check_chain(batch_size)[1]


SESSION_SEARCHES = "audit_searches"
# The questions of a search of the trail; what was typed to find a person is not one.
SEARCH_QUESTIONS = ("people", "user", "organisation", "action", "from", "to")


def answered(criteria):
    return sorted(k for k in SEARCH_QUESTIONS if criteria.get(k) not in ("", None))


def remember_search(request, criteria):
    """Keep an auditor's search of the trail in the session (the criteria may hold the ids of
    people and what was typed to find them) and record that a search happened: which
    questions were answered, never the answers. Returns the token the results URL carries."""
    from gateway.core import session_tokens

    record(
        Action.SEARCH,
        actor=request.user,
        organisation=request.current_organisation,
        object_type=AuditEvent._meta.label,
        detail={"by": answered(criteria)},
    )
    return session_tokens.remember(request.session, SESSION_SEARCHES, criteria)


def recall_search(request, token):
    from gateway.core import session_tokens

    return session_tokens.recall(request.session, SESSION_SEARCHES, token)


def record_export(request, *, rows, criteria):
    """Downloading the trail is itself on the trail: who, when, how many rows, and which
    questions narrowed it."""
    return record(
        Action.EXPORT,
        actor=request.user,
        organisation=request.current_organisation,
        object_type=AuditEvent._meta.label,
        detail={
            "format": "csv",
            "rows": rows,
            "by": answered(criteria),
        },
    )


def record_refusal(actor, organisation, *, url_name, object_id, status):
    """A refused (403) or not-found (404) answer on a page about a person
    (gateway/audit/middleware.py): who asked, for which organisation, which page and which
    public id. Whether the id exists is not looked up: the row says what was asked."""
    return record(
        Action.VIEW,
        actor=actor,
        organisation=organisation,
        object_id=object_id,
        detail={"refused": status, "page": url_name},
    )


def record_lookup(actor, organisation, *, by, patient=None, limited=False):
    """A lookup of whether someone is already on Gateway (adding a person): who asked, for
    which organisation, which questions were answered (never the answers: no NHS number) and
    the record it matched, if any; ``limited`` when the lookup was refused for too many."""
    return record(
        Action.SEARCH,
        actor=actor,
        organisation=organisation,
        object_type="patients.Patient",
        patient=patient,
        detail={"lookup": "already on Gateway", "by": sorted(by), "limited": limited},
    )
