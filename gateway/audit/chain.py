"""The audit trail's keyed hash chain (ADR 0034, sealed apart from the rows since ADR 0047).

Each row's seal (``AuditSeal``) holds an HMAC-SHA256, under the audit key the seal names
(``key_id``), of the previous seal's hash and the row's own content. The keys live in
settings (the environment), never in the database: someone who can write rows cannot
recompute the chain after deleting or changing one, and a chain recomputed with plain
SHA-256 or with another key fails here. Rows written before the chain was keyed carry no
key id and a plain SHA-256 hash; they are accepted only up to
``settings.AUDIT_CHAIN_LEGACY_UNTIL_ID``, a number kept outside the database too, so no
later row can pass as one of them."""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

GENESIS_HASH = "0" * 64
# The transaction-scoped advisory lock the sealer (and the anchor) takes on PostgreSQL.
CHAIN_LOCK = 0x6A7E_A0D1


class UnknownKey(Exception):
    """A row names a key this server does not hold."""


def canonical(event):
    """The row's content as it is hashed: every field a reader relies on, in a fixed form."""
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


def legacy_hash(event, previous_hash):
    """The plain SHA-256 of rows written before the chain was keyed (ADR 0004)."""
    return hashlib.sha256((previous_hash + canonical(event)).encode()).hexdigest()


def current_key():
    """(key id, key) that new rows are chained with."""
    key_id = settings.AUDIT_CHAIN_KEY_ID
    key = settings.AUDIT_CHAIN_KEYS.get(key_id, "")
    if not key:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY is not set: Gateway will not seal audit rows without it."
        )
    return key_id, key


def keyed_hash(event, previous_hash, key_id, key):
    message = f"{key_id}\n{previous_hash}\n{canonical(event)}"
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def expected_hash(event, previous_hash, key_id):
    """The hash ``event`` must be sealed with after ``previous_hash`` under ``key_id``;
    UnknownKey if that key is not held here. No key id means a legacy row (plain SHA-256)."""
    if not key_id:
        return legacy_hash(event, previous_hash)
    key = settings.AUDIT_CHAIN_KEYS.get(key_id)
    if not key:
        raise UnknownKey(key_id)
    return keyed_hash(event, previous_hash, key_id, key)


def lock_chain():
    """Only one sealer may extend the chain at a time. SQLite serialises writers already
    (IMMEDIATE transactions); PostgreSQL takes a transaction-scoped advisory lock, so each
    sealer reads the head after the one before it has committed. Requests never take it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def row_problem(event, seal, previous_hash):
    """None when ``seal`` is a true link after ``previous_hash`` for ``event``, else why not
    (the reason follows "Audit trail broken at row ID n: ")."""
    if not seal.key_id and event.id > settings.AUDIT_CHAIN_LEGACY_UNTIL_ID:
        return (
            "its seal carries no audit key ID, so Gateway did not write it with the audit key: "
            "the row was forged, or the trail was rewritten with a chain anyone can recompute. "
            "(Rows from before the chain was keyed are accepted up to "
            f"AUDIT_CHAIN_LEGACY_UNTIL_ID, now {settings.AUDIT_CHAIN_LEGACY_UNTIL_ID}.)"
        )
    try:
        expected = expected_hash(event, previous_hash, seal.key_id)
    except UnknownKey:
        return (
            f"its seal names audit key {seal.key_id!r}, which this server does not hold. If that "
            "key was retired, list it in AUDIT_CHAIN_RETIRED_KEYS; otherwise the row is forged."
        )
    if seal.previous_hash != previous_hash or not hmac.compare_digest(expected, seal.hash):
        return (
            "its hash or its link to the row sealed before it does not match. This row, or the "
            "one sealed before it, was changed or removed after it was sealed (or it was signed "
            "with a different key)."
        )
    return None
