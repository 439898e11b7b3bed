"""On PostgreSQL the application's role may only INSERT and SELECT audit rows (ADR 0034).

scripts/postgres-roles.sql gives the application's role read and write rights on every
table the owner creates; after every `migrate` (post_migrate, run as the owner) this takes
UPDATE, DELETE, TRUNCATE, TRIGGER and REFERENCES on the audit table away again from every
role but the table's owner, including PUBLIC. The append-only triggers stay as a second
wall, and the owner (migrations only) is the one role that could switch them off."""

from django.db import connections

REFUSED = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
TABLE = "audit_auditevent"

GRANTEES_WITH_REFUSED_RIGHTS = """
    SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) acl
    LEFT JOIN pg_roles r ON r.oid = acl.grantee
    WHERE c.oid = to_regclass(%s)
      AND acl.grantee <> c.relowner
      AND acl.privilege_type = ANY(%s)
"""


def restrict_audit_table(connection):
    """Revoke every right to change or empty audit rows from every role but the owner.
    Returns the roles it revoked from."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
        if not cursor.fetchone()[0]:
            return []
        cursor.execute(GRANTEES_WITH_REFUSED_RIGHTS, [TABLE, list(REFUSED)])
        grantees = [row[0] for row in cursor.fetchall()]
        for grantee in grantees:
            cursor.execute(f"REVOKE {', '.join(REFUSED)} ON {TABLE} FROM {grantee}")
    return grantees


def restrict_after_migrate(sender, using="default", **kwargs):
    restrict_audit_table(connections[using])
