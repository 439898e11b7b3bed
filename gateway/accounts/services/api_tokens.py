"""API tokens for organisations' system accounts (ADR 0038): making one, rotating it with an
overlap, revoking it, and counting each token's requests against the rate limit.

A raw token is returned once, to the caller that shows it; only its SHA-256 hash is stored.
Making, rotating and revoking are audited. Counting requests is not (it would add an audit row
to every API call); the first refused request of a window is."""

import datetime
import math
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gateway.audit import services as audit

from ..models import ApiRequestCount, ApiToken


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # show it once, then forget it: Gateway cannot show it again


def new_raw_token():
    return secrets.token_urlsafe(32)


def issue_token(actor, *, name, user, organisation, expires_at=None, via="admin"):
    """A new token for ``user`` (a system account) acting for ``organisation``."""
    raw = new_raw_token()
    with transaction.atomic():
        token = ApiToken(
            name=name,
            user=user,
            organisation=organisation,
            token_hash=ApiToken.hash(raw),
        )
        if expires_at is not None:
            token.expires_at = expires_at
        token.save()
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            organisation=organisation,
            obj=token,
            changed_fields=["name", "user", "organisation", "expires_at"],
            detail={"via": via, "expires_at": token.expires_at.isoformat()},
        )
    return IssuedToken(token=token, raw=raw)


def rotate_token(actor, token, *, via="admin", now=None):
    """A new token for the same account and organisation; the old one keeps working for the
    overlap (settings.API_TOKEN_ROTATION_OVERLAP_HOURS, never longer than it had left), so the
    system can switch over, then stops. Refused for a revoked, expired or already rotated one."""
    now = now or timezone.now()
    overlap = datetime.timedelta(hours=settings.API_TOKEN_ROTATION_OVERLAP_HOURS)
    with transaction.atomic():
        old = ApiToken.objects.select_for_update().get(pk=token.pk)
        if old.revoked_at is not None or old.expires_at <= now or old.replaced_by_id:
            raise ValueError("Only a live token that has not been rotated can be rotated.")
        issued = issue_token(
            actor, name=old.name, user=old.user, organisation=old.organisation, via=via
        )
        old.expires_at = min(old.expires_at, now + overlap)
        old.replaced_by = issued.token
        old.save(update_fields=["expires_at", "replaced_by", "updated_at"])
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            organisation=old.organisation,
            obj=old,
            changed_fields=["expires_at", "replaced_by"],
            detail={
                "change": "rotated",
                "via": via,
                "replaced_by": issued.token.pk,
                "works_until": old.expires_at.isoformat(),
            },
        )
    return issued


def revoke_token(actor, token, *, via="admin"):
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
        if revoked:
            audit.record(
                audit.Action.STATE_CHANGE,
                actor=actor,
                organisation=token.organisation,
                obj=token,
                changed_fields=["revoked_at"],
                detail={"change": "revoked", "via": via},
            )
    return bool(revoked)


# --- Rate limit ------------------------------------------------------------------------------


def _window_start(now, seconds):
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def count_request(token, *, now=None):
    """Count one request by ``token`` in the current fixed window. Returns None when it is
    within settings.API_RATE_LIMIT_REQUESTS, otherwise the whole seconds until the window
    ends (for Retry-After). One UPDATE in the usual case; safe across processes (the count is
    incremented in the database, and the row for a window is made once)."""
    now = now or timezone.now()
    seconds = max(1, settings.API_RATE_LIMIT_WINDOW_SECONDS)
    start = _window_start(now, seconds)
    rows = ApiRequestCount.objects.filter(token=token, window_start=start)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ApiRequestCount.objects.create(token=token, window_start=start, count=1)
            except IntegrityError:  # another process made it first
                rows.update(count=F("count") + 1)
            else:
                ApiRequestCount.objects.filter(token=token, window_start__lt=start).delete()
        count = rows.values_list("count", flat=True).first()
        if count <= settings.API_RATE_LIMIT_REQUESTS:
            return None
        if count == settings.API_RATE_LIMIT_REQUESTS + 1:
            audit.record(
                audit.Action.LOCKED_OUT,
                actor=token.user,
                organisation=token.organisation,
                obj=token,
                detail={
                    "reason": "API rate limit",
                    "limit": settings.API_RATE_LIMIT_REQUESTS,
                    "window_seconds": seconds,
                },
            )
    ends = start + datetime.timedelta(seconds=seconds)
    return max(1, math.ceil((ends - now).total_seconds()))
