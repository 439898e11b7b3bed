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
from django.db import IntegrityError, connection, transaction
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


# The ORM's UPDATE cannot read back what it wrote; PostgreSQL and SQLite (3.35+) both can.
_ADD_ONE = (
    'UPDATE "accounts_apirequestcount" SET "count" = "count" + 1 '
    'WHERE "token_id" = %s AND "window_start" = %s RETURNING "count"'
)


def _add_one(token, start):
    """The window's count with this request added, in one statement (no transaction of its
    own, so one round trip), or None when the window has no row yet."""
    with connection.cursor() as cursor:
        cursor.execute(_ADD_ONE, [token.pk, connection.ops.adapt_datetimefield_value(start)])
        row = cursor.fetchone()
    return None if row is None else row[0]


def _first_in_window(token, start):
    """The window's count once its row is made by this request, or by another process that
    made it first."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ApiRequestCount.objects.create(token=token, window_start=start, count=1)
        except IntegrityError:  # another process made it first
            return _add_one(token, start)
        ApiRequestCount.objects.filter(token=token, window_start__lt=start).delete()
        return 1


def count_request(token, *, now=None):
    """Count one request by ``token`` in the current fixed window. Returns None when it is
    within settings.API_RATE_LIMIT_REQUESTS, otherwise the whole seconds until the window
    ends (for Retry-After). One UPDATE in the usual case, which adds one and reads the count
    back in the same statement; safe across processes (the count is incremented in the
    database, and the row for a window is made once)."""
    now = now or timezone.now()
    seconds = max(1, settings.API_RATE_LIMIT_WINDOW_SECONDS)
    start = _window_start(now, seconds)
    count = _add_one(token, start)
    if count is None:
        count = _first_in_window(token, start)
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
