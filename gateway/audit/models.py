"""The append-only audit trail. Rows are written only through gateway.audit.services; the
database itself refuses UPDATE and DELETE (see the trigger migrations). Each row is sealed
soon after it is written: its seal carries a keyed hash (HMAC) over the row's content and the
hash of the seal before it, so any change is detectable (`manage.py audit_verify`, ADR 0034,
and ADR 0047 for why the seal is a row of its own)."""

from django.conf import settings
from django.db import models

from gateway.core.models import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    """History of who did what to which record: one row per view, change, search, export or
    sign-in, written once and never changed or removed (append-only history, ADR 0026). The
    model refuses like every history table; the database refuses too (triggers) and the hash
    chain shows any change made round both."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        STATE_CHANGE = "state_change", "Changed state"
        SEARCH = "search", "Searched"
        # Asked for a page or API answer about a person and was refused (403) or told it
        # does not exist (404): not a view, since nothing was shown.
        REFUSED = "refused", "Refused access"
        EXPORT = "export", "Exported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out"
        MFA = "mfa", "Multi-factor authentication"

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The person whose record this is about, for "who looked at this record".
    patient_id = models.BigIntegerField(null=True, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["patient_id", "-id"]),
            models.Index(fields=["actor", "-id"]),
            # The auditor's trail: an organisation's rows newest first, a page at a time
            # (docs/adr/0043-lists-that-stay-fast.md).
            models.Index(fields=["organisation", "-id"], name="audit_event_org_id_idx"),
        ]

    def __str__(self):
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"
        )


class AuditSeal(AppendOnlyModel):
    """An audit row's place in the keyed chain (ADR 0047). Requests only append AuditEvent
    rows; the sealer (gateway.audit.sealing) chains the committed ones here, one seal per
    row, in the order it seals them: ``position`` counts up from 1 with no gaps. Like the
    trail, seals are only ever added: the database refuses UPDATE and DELETE, and on
    PostgreSQL the application's role may only INSERT and SELECT them."""

    position = models.PositiveBigIntegerField(primary_key=True)
    # No database constraint: a row removed behind the triggers' back must leave its seal
    # behind, for `audit_verify` to report.
    event = models.OneToOneField(
        AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="seal"
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which audit key made ``hash`` (settings.AUDIT_CHAIN_KEYS), so keys can be rotated.
    # Empty only on rows written before the chain was keyed (AUDIT_CHAIN_LEGACY_UNTIL_ID).
    key_id = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"Seal {self.position} of audit row {self.event_id}"
