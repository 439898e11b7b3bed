"""Writing the audit trail. Services call ``record`` for every create, update, delete and
state change; views call ``record_view`` when a person's record is shown. Writing a row is
one INSERT, with no lock: the sealer chains committed rows soon after, each seal a keyed
hash (HMAC, key outside the database) over the row's content and the previous seal's hash
(gateway.audit.sealing, ADR 0034 and 0047)."""

from django.utils import timezone

from gateway.core.logging import request_id_var

from .models import AuditEvent
from .verification import verify_trail

Action = AuditEvent.Action


def _event(action, actor, organisation, object_type, object_id, patient, changed_fields, detail):
    return AuditEvent(
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
    """Append one audit row: one INSERT, no lock, so no request waits for another's to
    commit. Call inside the same transaction as the change it records; the row is sealed
    into the chain once it has committed (gateway.audit.sealing)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(getattr(obj, "public_id", obj.pk))
    event = _event(
        action, actor, organisation, object_type, object_id, patient, changed_fields, detail
    )
    event.save()
    return event


def record_many(action, objects, *, actor=None, organisation=None, batch_size=1000):
    """Append one audit row per ``(obj, changed_fields, detail)`` in ``objects`` (or
    ``(obj, changed_fields, detail, patient)`` for changes about a person), as ``record``
    writes them: a bulk change (an import of thousands of practices, a daily job's batch) is
    audited row by row without a round trip per row. Call inside the same transaction as the
    change. Returns how many were written."""
    events = [
        _event(
            action,
            actor,
            organisation,
            item[0]._meta.label,
            str(getattr(item[0], "public_id", item[0].pk)),
            item[3] if len(item) > 3 else None,
            item[1],
            item[2],
        )
        for item in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


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
    """``(rows_checked, broken_id)`` of the keyed chain and its anchors, after sealing what
    is waiting: ``broken_id`` is None when intact, else the first row whose hash or link
    does not match, or that was removed (see gateway.audit.verification)."""
    result = verify_trail(batch_size)
    return result.checked, result.broken_id


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
        Action.REFUSED,
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
