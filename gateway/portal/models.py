"""The patient's own page (ADR 0013): one-time codes staff give the person,
the portal sessions those codes open, and failed tries per client for rate limiting.

Nothing here holds the code itself: a code is a public selector (to find the row) and a
secret part kept only as a keyed hash. A code works once, for a short time, and is locked
after a few wrong tries, so a code sitting in the outbox body is useless once used or old."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gateway.core.models import PublicIdModel, TimestampedModel


class AccessCode(PublicIdModel, TimestampedModel):
    class Delivery(models.TextChoices):
        ON_SCREEN = "on_screen", "Shown on screen and given in person"
        TEXT = "text", "Sent by text message"
        EMAIL = "email", "Sent by email"

    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.CASCADE,
        related_name="portal_codes",
        db_index=False,
    )
    # The first part of the code: finds the row. Not secret on its own.
    selector = models.CharField(max_length=8, unique=True)
    # HMAC-SHA256 (keyed with PORTAL_CODE_KEY) of the whole code; never the code.
    secret_hash = models.CharField(max_length=64)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    contact_route = models.ForeignKey(
        "patients.ContactRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    # A newer code for the same person replaces this one.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "used_at"])]

    def __str__(self):
        return f"Code for the patient's own page ({self.get_delivery_display()})"

    def is_live(self, now):
        return (
            self.used_at is None
            and self.locked_at is None
            and self.replaced_at is None
            and now < self.expires_at
        )


class PortalSession(PublicIdModel):
    """A signed-in visit to the patient's own page. Separate from staff sessions: its own
    cookie holds a random token, and only the token's hash is kept here."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="portal_sessions"
    )
    access_code = models.OneToOneField(AccessCode, on_delete=models.PROTECT, related_name="session")
    token_hash = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(ended_reason=""),
                name="portal_session_end_has_reason",
            )
        ]

    def __str__(self):
        return f"Portal session {self.public_id}"


class SignInFailure(models.Model):
    """One wrong or unusable code from one client (a keyed hash of its address, never the
    address). Too many in the window and that client is refused for a while."""

    client_key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client_key", "at"])]

    def __str__(self):
        return f"Failed portal sign-in at {self.at:%Y-%m-%d %H:%M}"
