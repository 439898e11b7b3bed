"""Test support only: switch off the append-only triggers (trail and seals) for a moment.

Someone with DDL rights on the database can always do this; the hash chain is what catches
them. Tests use it to simulate such tampering, and the test suite uses it so Django can empty
the tables between transactional tests (flush deletes or truncates every table)."""

import importlib
from contextlib import contextmanager

_triggers = importlib.import_module("gateway.audit.migrations.0002_append_only_triggers")
_seal_triggers = importlib.import_module(
    "gateway.audit.migrations.0007_audit_rows_are_sealed_apart"
)

POSTGRES_TRIGGERS = (
    ("audit_auditevent", "audit_auditevent_append_only"),
    ("audit_auditevent", "audit_auditevent_no_truncate"),
    ("audit_auditseal", "audit_auditseal_append_only"),
    ("audit_auditseal", "audit_auditseal_no_truncate"),
)


@contextmanager
def append_only_triggers_disabled(connection):
    """Run the block with UPDATE, DELETE and TRUNCATE of audit rows and seals allowed, then
    put the triggers back exactly as the migrations made them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, name in POSTGRES_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        else:
            for sql in [*_triggers.SQLITE_REVERSE, *_seal_triggers.SEAL_SQLITE_REVERSE]:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table, name in POSTGRES_TRIGGERS:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            else:
                for sql in [*_triggers.SQLITE, *_seal_triggers.SEAL_SQLITE]:
                    cursor.execute(sql)
