"""API tokens for organisations' system accounts, and how many requests each made in a
rate-limit window (ADR 0038)."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from gateway.core.models import TimestampedModel


def api_token_expiry():
    """When a token made now stops working: settings.API_TOKEN_DAYS from now."""
    return timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(TimestampedModel):
    """A bearer token for an organisation's system account. Only a hash is stored; the raw
    token is shown once, when it is made. It works until ``expires_at`` unless revoked first.
    Rotating it makes a new token for the same account (``replaced_by``) and shortens this
    one's life to the overlap, so the system can switch without a gap (ADR 0038)."""

    name = models.CharField(max_length=100)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(default=api_token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )

    @staticmethod
    def hash(raw_token):
        return hashlib.sha256(raw_token.encode()).hexdigest()

    def __str__(self):
        return self.name


class ApiRequestCount(models.Model):
    """How many requests one API token made in one rate-limit window (fixed windows of
    settings.API_RATE_LIMIT_WINDOW_SECONDS). Kept in the database so every web process counts
    against the same limit; rows of past windows are removed as new ones start."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+", db_index=False)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["token", "window_start"], name="one_count_per_token_window"
            )
        ]

    def __str__(self):
        return f"{self.token_id} at {self.window_start}: {self.count}"
