"""The outbox: every letter, text and email Gateway sends, and every attempt to send it.

Notify keeps message data for 7 days only (docs/domain/external-services.md#govuk-notify), so this
is the lasting record of what was sent, to which address, and what happened to it."""

import secrets

from django.conf import settings
from django.db import models

from gateway.core.models import AppendOnlyModel, PublicIdModel


def new_reference():
    """The reference Notify stores and echoes back. Random and opaque on purpose: Notify (and
    anyone reading its dashboards) must learn nothing about the person from it."""
    return f"gw-{secrets.token_hex(12)}"


class Message(PublicIdModel):
    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        IN_PERSON = "in_person", "Hand over in person"
        # A message to a person, sent by their contact plan: its tries (one per route) are
        # the letter, text, email or hand-over messages whose ``parent`` it is (ADR 0012).
        ROUTED = "routed", "To the person, by their contact plan"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        PERMANENT_FAILURE = "permanent_failure", "Could not be delivered"
        TEMPORARY_FAILURE = "temporary_failure", "Not delivered yet, phone or inbox unavailable"
        TECHNICAL_FAILURE = "technical_failure", "Not sent because of a technical problem"
        RETURNED = "returned", "Letter returned"
        HELD_IN_OUTBOX = "held_in_outbox", "Held in the outbox"
        CANCELLED = "cancelled", "Cancelled"
        TO_HAND_OVER = "to_hand_over", "Waiting to be handed over"
        UNREACHABLE = "unreachable", "Could not reach the person by any route"

    # Nothing after these changes without a person acting (retries stop, callbacks ignored).
    FINAL_STATUSES = frozenset(
        {
            Status.DELIVERED,
            Status.PERMANENT_FAILURE,
            Status.TECHNICAL_FAILURE,
            Status.RETURNED,
            Status.CANCELLED,
            Status.UNREACHABLE,
        }
    )
    # A try on one route that ended without reaching the person: the next route is tried.
    ROUTE_FAILED = frozenset(
        {
            Status.PERMANENT_FAILURE,
            Status.TEMPORARY_FAILURE,
            Status.TECHNICAL_FAILURE,
            Status.RETURNED,
            Status.CANCELLED,
        }
    )

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    hold_reason = models.CharField(max_length=300, blank=True)
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages_received",
    )
    template = models.CharField(max_length=200, help_text='For example "sas/allocation"')
    subject = models.CharField(max_length=300, blank=True)
    body_html = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    # The printed letter, kept with the record (ADR 0010). Deferred in list queries.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # Where it went, as it was at the time (the patient's address may change later).
    address_lines = models.JSONField(default=list, blank=True)
    phone_number = models.CharField(max_length=30, blank=True)
    email_address = models.EmailField(blank=True)
    reference = models.CharField(max_length=40, unique=True, default=new_reference, editable=False)
    notify_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Counts claims to send. Over 1 means an earlier try may have reached Notify, so the worker
    # asks Notify about the reference before sending again (never a second letter).
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set by the worker that has claimed the message for a try, cleared when it records the
    # answer: Notify is called with no lock held, so this is what stops two workers (ADR 0046).
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_for = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="outbox",
        db_index=False,
    )
    related_type = models.CharField(max_length=100, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    # --- Routing by the person's contact plan (ADR 0012) -------------------------------------
    # On a routed message: what was written, rendered once in the caller's transaction for
    # every channel ({"letter": {"subject", "html"}, "text": str|None, "email": {...}|None}).
    variants = models.JSONField(default=dict, blank=True)
    # On a try: the routed message it belongs to and the route it took, as it was then.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="tries"
    )
    route = models.ForeignKey(
        "patients.ContactRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    # The route's kind (ContactRoute.Kind) or "current_address" (no contact routes recorded).
    route_kind = models.CharField(max_length=20, blank=True)
    # Hand-over tries: who hands it over, and the confirmation that completes delivery.
    handover_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
        db_index=False,
    )
    handover_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handed_over_on = models.DateField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_for", "-created_at"]),
            # The outbox's page (queries.outbox: an organisation's messages, not the tries of
            # another, newest first) as one index range with the person to check the scope
            # against, so its keys and its bounded count never read the table; without it
            # PostgreSQL walked every organisation's messages newest first (ADR 0043, update
            # 2026-12-07).
            models.Index(
                fields=["created_for", "-created_at", "-id"],
                include=["patient"],
                condition=models.Q(parent__isnull=True),
                name="comms_outbox_order",
            ),
            models.Index(fields=["handover_organisation", "status"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def is_final(self):
        return self.status in self.FINAL_STATUSES


class DeliveryAttempt(AppendOnlyModel):
    """History of a message's delivery: one row per thing that happened to it (a route
    chosen or skipped, a try, Notify's answer, a status received, a hand-over), written once
    and never changed or removed (append-only history, ADR 0026)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted by Notify"
        ALREADY_SENT = "already_sent", "Already with Notify, not sent again"
        HELD = "held", "Held in the outbox"
        RETRY = "retry", "Failed, will try again"
        FAILED = "failed", "Failed, will not try again"
        STATUS = "status", "Delivery status received"
        SKIPPED = "skipped", "Route not used"
        ROUTED = "routed", "Route chosen"
        HANDED_OVER = "handed_over", "Handed over"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempts_made")
    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=30)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # Our own words or Notify's error codes; never the message content or the recipient.
    error = models.CharField(max_length=300, blank=True)
    # On a routed message: the contact route this line is about (None: the current address).
    route = models.ForeignKey(
        "patients.ContactRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    route_kind = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.channel}: {self.get_outcome_display()}"
