"""On PostgreSQL the application's role may only INSERT and SELECT audit rows and their
seals (ADR 0034, 0047).

scripts/postgres-roles.sql gives the application's role read and write rights on every
table the owner creates; after every `migrate` (post_migrate, run as the owner) this takes
UPDATE, DELETE, TRUNCATE, TRIGGER and REFERENCES on the audit tables away again from every
role but the tables' owner, including PUBLIC. The append-only triggers stay as a second
wall, and the owner (migrations only) is the one role that could switch them off."""

from django.db import connections

REFUSED = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
# The trail and the seals that chain it (no sequence: a seal's position is its key).
TABLES = ("audit_auditevent", "audit_auditseal")

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
    """Revoke every right to change or empty audit rows and seals from every role but the
    owner. Returns the roles it revoked from."""
    if connection.vendor != "postgresql":
        return []
    revoked = set()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute(GRANTEES_WITH_REFUSED_RIGHTS, [table, list(REFUSED)])
            grantees = [row[0] for row in cursor.fetchall()]
            for grantee in grantees:
                cursor.execute(f"REVOKE {', '.join(REFUSED)} ON {table} FROM {grantee}")
            revoked.update(grantees)
    return sorted(revoked)


def restrict_after_migrate(sender, using="default", **kwargs):
    restrict_audit_table(connections[using])
